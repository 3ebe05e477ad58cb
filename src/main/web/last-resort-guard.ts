/**
 * For a long-running server process: an error nothing caught is reported in one line on stderr and
 * the server keeps serving, rather than every open window losing it. Returns the uninstaller.
 */
export function installLastResortGuard(
  name: string,
  write = (line: string) => process.stderr.write(line),
): () => void {
  const report = (kind: string) => (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    write(`${name}: kept serving after an ${kind}: ${message.split('\n')[0]}\n`);
  };
  const onException = report('uncaught exception');
  const onRejection = report('unhandled rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
