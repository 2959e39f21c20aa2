package tracker.client;

/** A client command that cannot do its work: the exit code and the one line that says why. */
final class ClientFailure extends RuntimeException {

  /** The server answered with an error (the problem detail is the message). */
  static final int REFUSED = 1;
  /** The server could not be reached. */
  static final int UNREACHABLE = 3;
  /** {@code claim}: nothing is ready, so a shell loop can stop. */
  static final int NOTHING_READY = 4;

  private final int exitCode;

  ClientFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
