package tracker.core;

import java.util.function.Supplier;
import tracker.domain.Role;

/**
 * Who is making the current change, for the activity history, progress records, comments and
 * claims: set around each request by the web layer and by commands.
 *
 * <p>Without identities it is a free name (the {@code X-Actor} header, else {@code api} or
 * {@code web}) and a request's own {@code updated_by} or {@code worker} wins over it. A request
 * signed with an identity's token binds the actor to that identity: a name the request sends
 * becomes a label under it ({@code "bot-1/worker-3"}), so no caller can act as another.
 */
public final class Actor {

  private static final String NOBODY = "system";
  /** Separates an identity from a label it gave (identity names hold no slash). */
  public static final String LABEL_SEPARATOR = "/";

  /** Who acts: {@code identity} is null unless a token of an identity was presented. */
  public record Acting(String name, String identity, Role role) {}

  private static final ThreadLocal<Acting> CURRENT = new ThreadLocal<>();

  private Actor() {}

  public static String current() {
    Acting acting = CURRENT.get();
    return acting == null ? NOBODY : acting.name();
  }

  /** The identity whose token the current request carries; null without one. */
  public static String identity() {
    Acting acting = CURRENT.get();
    return acting == null ? null : acting.identity();
  }

  /** The role the current caller holds; null when nobody signed in (commands, open servers). */
  public static Role role() {
    Acting acting = CURRENT.get();
    return acting == null ? null : acting.role();
  }

  /**
   * Refuses the current caller unless their role covers {@code needed}: 403 naming the role, or
   * 401 when nobody signed in. Commands on the database itself act with no role and pass.
   */
  public static void require(Role needed) {
    Acting acting = CURRENT.get();
    if (acting == null || acting.role() != null && acting.role().covers(needed)) {
      return;
    }
    if (acting.role() == null) {
      throw new TrackerException(401, "Unauthorized", "this needs a token with the role " + needed.value() + " (or above)",
          java.util.List.of());
    }
    throw new TrackerException(403, "Forbidden", "this needs the role " + needed.value() + " (or above); "
        + (acting.identity() == null ? "without a token, a caller is a " : acting.identity() + " is a ")
        + acting.role().value(), java.util.List.of());
  }

  /**
   * Who a change is recorded as when the request names {@code named} (its updated_by or worker):
   * the named one, else the current actor; under an identity, the name is a label of it.
   */
  public static String or(String named) {
    Acting acting = CURRENT.get();
    if (named == null || named.isBlank()) {
      return current();
    }
    return acting != null && acting.identity() != null ? labelled(acting.identity(), named) : named;
  }

  /** The name a request gave, as a label under the bound identity; unchanged when no identity is bound. */
  public static String attributed(String named) {
    Acting acting = CURRENT.get();
    return acting == null || acting.identity() == null ? named
        : named == null || named.isBlank() ? acting.name() : labelled(acting.identity(), named);
  }

  private static String labelled(String identity, String named) {
    if (named == null || named.isBlank()) {
      return identity;
    }
    return named.equals(identity) || named.startsWith(identity + LABEL_SEPARATOR) ? fit(named)
        : fit(identity + LABEL_SEPARATOR + named.strip());
  }

  /** A free name, as the history records it (cut to the column's length). */
  public static void set(String actor) {
    CURRENT.set(actor == null || actor.isBlank() ? null : new Acting(fit(actor), null, null));
  }

  /** An identity signed in with {@code role}; {@code label}, if any, is recorded under it. */
  public static void identity(String identity, Role role, String label) {
    CURRENT.set(new Acting(labelled(identity, label), identity, role));
  }

  /** A free name (or the default) acting with {@code role}, as under the server's shared token. */
  public static void unbound(String actor, Role role) {
    CURRENT.set(new Acting(fit(actor), null, role));
  }

  private static String fit(String actor) {
    int max = TextField.ACTOR.maxLength();
    return actor.codePointCount(0, actor.length()) <= max ? actor
        : actor.substring(0, actor.offsetByCodePoints(0, max));
  }

  /** Whoever acts on this thread (null: nobody), so that work run for them elsewhere acts as them. */
  public static Acting acting() {
    return CURRENT.get();
  }

  /** Acts as {@code acting} on this thread, as taken by {@link #acting()} (null: nobody). */
  public static void act(Acting acting) {
    CURRENT.set(acting);
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Runs work as {@code actor}, then restores whoever was acting before. */
  public static <T> T as(String actor, Supplier<T> work) {
    Acting before = CURRENT.get();
    set(actor);
    try {
      return work.get();
    } finally {
      CURRENT.set(before);
    }
  }
}
