import { expect, test } from './fixtures';
import { LaunchPage } from './pages/launch-page';
import { ReplayBar, type MomentEvent } from './pages/replay-bar';
import { RunsPage } from './pages/runs-page';
import { RUN_TIMEOUT_MS } from './support/runs';
import { FOLDER_REPORT } from './support/sample-answers';

/**
 * A run long enough that even 100× takes more than one step of the replay's clock (100 ms of wall
 * time, 10 s of the run) to go through.
 */
const LONG_COMMAND = 'sleep 14';

/**
 * Run time per wall time since Play was pressed, up to the last moment shown before the run's end
 * (the end itself is where the replay stops, whatever the speed).
 */
function replaySpeedOf(events: MomentEvent[], endUs: number): number {
  const play = events.find((event) => event.kind === 'play');
  const moments = events.filter((event) => event.kind === 'moment' && play && event.atMs > play.atMs);
  const last = moments.filter((event) => event.momentUs < endUs).at(-1);
  if (!play || !last) throw new Error(`no moment was shown before the end: ${JSON.stringify(events)}`);
  return (last.momentUs - play.momentUs) / 1000 / (last.atMs - play.atMs);
}

test('replay at 1×, 10× and 100× moves through the run at about those speeds', async ({ page }) => {
  test.setTimeout(120_000);
  await new RunsPage(page).goto();
  const runView = await new LaunchPage(page).launch(FOLDER_REPORT.agentId, {
    [FOLDER_REPORT.commandNodeId]: { commands: [LONG_COMMAND] },
  });
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS), 'the long run completes').toBe('completed');

  const replay = new ReplayBar(page);
  await replay.start();
  const endUs = Number(await replay.slider.getAttribute('max'));
  const startUs = Number(await replay.slider.getAttribute('min'));
  expect(endUs - startUs, 'the run lasts longer than a 100× step').toBeGreaterThan(12_000_000);

  const measure = async (speed: '1' | '10' | '100', playForMs: number | null): Promise<number> => {
    await replay.seekToStart();
    await expect(replay.offset).toHaveText('+0.000 s');
    await replay.speed(speed).click();
    await expect(replay.speed(speed)).toHaveAttribute('aria-checked', 'true');
    await replay.recordMoments();
    await replay.play.click();
    if (playForMs === null) {
      // Fast enough to reach the end: the replay stops there by itself.
      await expect(replay.play).toHaveText(/Play/, { timeout: 10_000 });
      expect(await replay.moment()).toBe(endUs);
    } else {
      await page.waitForTimeout(playForMs);
      await replay.play.click();
      await expect(replay.play).toHaveText(/Play/);
    }
    const measured = replaySpeedOf(await replay.recordedMoments(), endUs);
    const figure = `${measured.toFixed(1)}× measured`;
    test.info().annotations.push({ type: `replay at ${speed}×`, description: figure });
    console.log(`replay at ${speed}×: ${figure}`);
    return measured;
  };

  const atOne = await measure('1', 1_500);
  const atTen = await measure('10', 600);
  const atHundred = await measure('100', null);

  // Loose bounds: the machine is shared, and each figure includes the clock's 100 ms steps.
  expect(atOne).toBeGreaterThan(0.5);
  expect(atOne).toBeLessThan(2);
  expect(atTen).toBeGreaterThan(5);
  expect(atTen).toBeLessThan(20);
  expect(atHundred).toBeGreaterThan(40);
  expect(atHundred).toBeLessThan(200);
  expect(atTen / atOne).toBeGreaterThan(4);
  expect(atHundred / atTen).toBeGreaterThan(4);
});

test('the keys "." and "," step between recorded moments and "p" plays and pauses', async ({ page }) => {
  await new RunsPage(page).goto();
  // Long enough for a replay at 1× to be caught playing.
  const runView = await new LaunchPage(page).launch(FOLDER_REPORT.agentId, {
    [FOLDER_REPORT.commandNodeId]: { commands: ['sleep 4'] },
  });
  expect(await runView.waitForEnd(RUN_TIMEOUT_MS)).toBe('completed');
  const replay = new ReplayBar(page);
  await replay.start();
  await replay.seekToStart();
  const start = await replay.moment();
  // Keys typed into a field are the field's: take the focus off the slider.
  await replay.offset.click();

  await page.keyboard.press('.');
  await expect.poll(() => replay.moment()).toBeGreaterThan(start);
  const first = await replay.moment();
  await page.keyboard.press('.');
  await expect.poll(() => replay.moment()).toBeGreaterThan(first);
  const second = await replay.moment();
  await expect(replay.note).not.toContainText('Nothing happened');

  await page.keyboard.press(',');
  await expect.poll(() => replay.moment()).toBeLessThan(second);
  expect(await replay.moment(), '"," goes back to the moment before').toBe(first);

  await replay.speed('1').click();
  await replay.offset.click();
  await page.keyboard.press('p');
  await expect(replay.play).toHaveAttribute('aria-pressed', 'true');
  await expect(replay.play).toHaveText(/Pause/);
  await expect.poll(() => replay.moment(), { message: 'playing moves the moment on' }).toBeGreaterThan(first);
  await page.keyboard.press('p');
  await expect(replay.play).toHaveAttribute('aria-pressed', 'false');
  await expect(replay.play).toHaveText(/Play/);
  const paused = await replay.moment();
  await page.waitForTimeout(500);
  expect(await replay.moment(), 'paused, the moment stays').toBe(paused);

  // A step while playing pauses the replay first.
  await page.keyboard.press('p');
  await expect(replay.play).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('.');
  await expect(replay.play).toHaveAttribute('aria-pressed', 'false');
});
