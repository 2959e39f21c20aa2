package tracker.cli;

import java.io.PrintWriter;
import java.util.Locale;
import tracker.legacy.LegacyImporter;

/**
 * Shows a long import's progress on stderr: a bar with rows/s and time left on a terminal,
 * a plain line every few seconds otherwise (logs, pipes).
 */
final class ProgressPrinter implements LegacyImporter.Progress {

  private final PrintWriter err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastLine;

  ProgressPrinter(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public void rows(long done, long total) {
    double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    double rate = done / seconds;
    long left = rate > 0 ? Math.round((total - done) / rate) : 0;
    if (terminal) {
      int width = 30;
      int filled = total == 0 ? width : (int) (width * done / total);
      err.printf(Locale.ROOT, "\r[%s%s] %3d%%  %,d/%,d rows  %,.0f rows/s  %ds left ",
          "#".repeat(filled), " ".repeat(width - filled), total == 0 ? 100 : 100 * done / total, done, total, rate, left);
      if (done == total) {
        err.println();
      }
      err.flush();
    } else if (System.nanoTime() - lastLine > 2_000_000_000L || done == total) {
      lastLine = System.nanoTime();
      err.printf(Locale.ROOT, "imported %,d of %,d rows (%,.0f rows/s, about %d s left)%n", done, total, rate, left);
      err.flush();
    }
  }
}
