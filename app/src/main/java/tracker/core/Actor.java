package tracker.core;

import java.util.function.Supplier;

/**
 * Who is making the current change, for the activity history: set around each request by the
 * web layer (the {@code X-Actor} header, else {@code api} or {@code web}) and by commands; a
 * request's own {@code updated_by} or {@code worker} wins over it.
 */
public final class Actor {

  private static final String NOBODY = "system";
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private Actor() {}

  public static String current() {
    String actor = CURRENT.get();
    return actor == null ? NOBODY : actor;
  }

  /** The named actor if there is one, else the current one. */
  public static String or(String named) {
    return named == null || named.isBlank() ? current() : named;
  }

  public static void set(String actor) {
    CURRENT.set(actor == null || actor.isBlank() ? null
        : actor.length() > TextField.ACTOR.maxLength() ? actor.substring(0, TextField.ACTOR.maxLength()) : actor);
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Runs work as {@code actor}, then restores whoever was acting before. */
  public static <T> T as(String actor, Supplier<T> work) {
    String before = CURRENT.get();
    set(actor);
    try {
      return work.get();
    } finally {
      CURRENT.set(before);
    }
  }
}
