package tracker.client;

/** A command line the help does not allow: reported on one line before any request, exit 2. */
final class UsageError extends RuntimeException {

  UsageError(String message) {
    super(message, null, false, false);
  }
}
