package tracker.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Geometry of the small server-rendered SVG charts, so templates only place what is computed here. */
public final class Charts {

  private Charts() {}

  /** A point of a line chart in SVG coordinates, with what it stands for. */
  public record Dot(double x, double y, String label) {}

  /** A line chart: the polyline's points and its dots, in a {@code width × height} box. */
  public record Line(int width, int height, String points, List<Dot> dots) {
    public boolean empty() {
      return dots.isEmpty();
    }
  }

  /**
   * Plots ys against xs (both in data units) into the box, leaving {@code pad} around it; y runs
   * from 0 to {@code yMax} upwards.
   */
  public static Line line(double[] xs, double[] ys, String[] labels, double yMax, int width, int height, int pad) {
    double xMin = xs.length == 0 ? 0 : xs[0];
    double xMax = xs.length == 0 ? 1 : xs[xs.length - 1];
    double xSpan = xMax - xMin == 0 ? 1 : xMax - xMin;
    double ySpan = yMax <= 0 ? 1 : yMax;
    List<Dot> dots = new ArrayList<>();
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      double x = xs.length == 1 ? width / 2.0 : pad + (xs[i] - xMin) / xSpan * (width - 2 * pad);
      double y = height - pad - Math.min(ys[i], ySpan) / ySpan * (height - 2 * pad);
      dots.add(new Dot(round(x), round(y), labels[i]));
      points.append(i == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
    }
    return new Line(width, height, points.toString(), dots);
  }

  /** The width of a bar for {@code value} out of {@code max} in {@code full} units. */
  public static double bar(double value, double max, double full) {
    return max <= 0 ? 0 : round(Math.max(0, Math.min(value, max)) / max * full);
  }

  public static String num(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static double round(double value) {
    return Math.round(value * 10.0) / 10.0;
  }
}
