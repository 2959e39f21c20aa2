package tracker.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as an aligned table; numbers are right-aligned, statuses coloured on a terminal. */
final class Table {

  // no-color.org: set and not empty turns colour off (an empty NO_COLOR leaves it on)
  private static final boolean COLOUR = System.console() != null
      && (System.getenv("NO_COLOR") == null || System.getenv("NO_COLOR").isEmpty());

  private final List<String> headers;
  private final boolean[] numeric;
  private final List<List<String>> rows = new ArrayList<>();

  /** Column names; a name starting with '>' is a right-aligned (numeric) column. */
  Table(String... columns) {
    headers = new ArrayList<>();
    numeric = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      numeric[i] = columns[i].startsWith(">");
      headers.add(numeric[i] ? columns[i].substring(1) : columns[i]);
    }
  }

  Table row(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : ClientCommands.oneLine(String.valueOf(cell))); // a cell stays on its row
    }
    rows.add(row);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, headers, widths, true);
    for (List<String> row : rows) {
      line(out, row, widths, false);
    }
    out.flush();
  }

  private void line(PrintWriter out, List<String> cells, int[] widths, boolean header) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      boolean last = i == cells.size() - 1;
      String padded = numeric[i] ? " ".repeat(widths[i] - cell.length()) + cell
          : last ? cell : cell + " ".repeat(widths[i] - cell.length());
      line.append(i == 0 ? "" : "  ").append(header ? bold(padded) : colour(cell, padded));
    }
    out.println(line.toString().stripTrailing());
  }

  private static String bold(String text) {
    return COLOUR ? "\u001b[1m" + text + "\u001b[0m" : text;
  }

  /** Statuses in colour on a terminal: green done, blue running, red blocked or failed. */
  private static String colour(String cell, String padded) {
    if (!COLOUR) {
      return padded;
    }
    String code = switch (cell) {
      case "completed" -> "32";
      case "in_progress", "running" -> "34";
      case "blocked", "failed" -> "31";
      default -> null;
    };
    return code == null ? padded : "\u001b[" + code + "m" + padded + "\u001b[0m";
  }
}
