package tracker.client;

/** A client command that cannot do its work: the exit code and the one line that says why. */
public final class ClientFailure extends RuntimeException {

  /** The server answered with an error (the problem detail is the message). */
  public static final int REFUSED = 1;
  /** The server could not be reached. */
  public static final int UNREACHABLE = 3;
  /** {@code claim}: nothing is ready, so a shell loop can stop. */
  public static final int NOTHING_READY = 4;

  private final int exitCode;

  public ClientFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
