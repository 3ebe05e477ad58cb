/**
 * Splits a command line into argv for running without a shell: whitespace separates words, single
 * quotes keep text literally, double quotes keep spaces and honour `\"` and `\\`. Nothing is expanded.
 */
export function splitCommandLine(commandLine: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;

  for (let i = 0; i < commandLine.length; i++) {
    const char = commandLine[i] as string;
    if (quote === "'") {
      if (char === "'") quote = null;
      else current += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && (commandLine[i + 1] === '"' || commandLine[i + 1] === '\\'))
        current += commandLine[++i];
      else current += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === '\\' && i + 1 < commandLine.length) {
      current += commandLine[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unterminated ${quote} quote in command: ${commandLine}`);
  if (inWord) words.push(current);
  return words;
}
