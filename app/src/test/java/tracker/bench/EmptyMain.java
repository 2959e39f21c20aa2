package tracker.bench;

/** The JVM's own floor for {@link CliBenchmarkIT}: started with the jar first on the class path, it does nothing. */
public final class EmptyMain {

  private EmptyMain() {}

  public static void main(String[] args) {
    // nothing: the time to here and back is what any Java command pays
  }
}
