package tracker.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Geometry of the small server-rendered SVG charts, so templates only place what is computed here. */
public final class Charts {

  private Charts() {}

  /** A point of a line chart in SVG coordinates, with what it stands for. */
  public record Dot(double x, double y, String label) {}

  /** A labelled mark on an axis, at an SVG coordinate. */
  public record Tick(double at, String label) {}

  /** Room around the plot: labels of the y axis on the left, of the x axis below. */
  public static final int LEFT = 46;
  public static final int RIGHT = 14;
  public static final int TOP = 10;
  public static final int BOTTOM = 24;

  /**
   * A line chart in a {@code width × height} box: the polyline's points, its dots, and the axes'
   * ticks; {@link #at} places any other data point on the same scales (a projection).
   */
  public record Line(int width, int height, String points, List<Dot> dots, List<Tick> xTicks, List<Tick> yTicks,
      double xMin, double xSpan, double yMax) {

    public boolean empty() {
      return dots.isEmpty();
    }

    /** The left and right ends and the bottom and top of the plot area. */
    public double left() {
      return LEFT;
    }

    public double right() {
      return width - RIGHT;
    }

    public double bottom() {
      return height - BOTTOM;
    }

    public double top() {
      return TOP;
    }

    public double x(double value) {
      return round(LEFT + (value - xMin) / xSpan * (width - LEFT - RIGHT));
    }

    public double y(double value) {
      return round(height - BOTTOM - Math.min(Math.max(value, 0), yMax) / yMax * (height - TOP - BOTTOM));
    }
  }

  /**
   * Plots ys against xs (in data units) with y from 0 to {@code yMax} upwards and x from the first
   * x to {@code xEnd} (at least the last x: room for a projection), with three labelled ticks on
   * each axis.
   */
  public static Line line(double[] xs, double[] ys, String[] labels, double yMax, double xEnd, int width, int height,
      DoubleFunction<String> xLabel, DoubleFunction<String> yLabel) {
    double xMin = xs.length == 0 ? 0 : xs[0];
    double xMax = Math.max(xs.length == 0 ? 1 : xs[xs.length - 1], xEnd);
    double xSpan = xMax - xMin == 0 ? 1 : xMax - xMin;
    double top = yMax <= 0 ? 1 : yMax;
    Line scale = new Line(width, height, "", List.of(), List.of(), List.of(), xMin, xSpan, top);
    List<Dot> dots = new ArrayList<>();
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      double x = scale.x(xs[i]);
      double y = scale.y(ys[i]);
      dots.add(new Dot(x, y, labels[i]));
      points.append(i == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
    }
    List<Tick> xTicks = new ArrayList<>();
    for (double at : xMax == xMin ? new double[] {xMin} : new double[] {xMin, xMin + xSpan / 2, xMax}) {
      String label = xLabel.apply(at);
      if (xTicks.isEmpty() || !xTicks.get(xTicks.size() - 1).label().equals(label)) {
        xTicks.add(new Tick(scale.x(at), label)); // one day's points: one date
      }
    }
    List<Tick> yTicks = List.of(new Tick(scale.y(0), yLabel.apply(0)), new Tick(scale.y(top / 2), yLabel.apply(top / 2)),
        new Tick(scale.y(top), yLabel.apply(top)));
    return new Line(width, height, points.toString(), dots, xTicks, yTicks, xMin, xSpan, top);
  }

  /** A count people read at a glance: 950, 12.4k, 3.1M. */
  public static String compact(double value) {
    double size = Math.abs(value);
    if (size < 10_000) {
      return String.format(Locale.ROOT, size == Math.rint(size) ? "%.0f" : "%.1f", value);
    }
    return size < 1_000_000 ? String.format(Locale.ROOT, "%.1fk", value / 1000)
        : String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
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
