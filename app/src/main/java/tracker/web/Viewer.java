package tracker.web;

import tracker.domain.Role;

/**
 * Who is looking at a page, for the layout: their name and role when signed in, and whether the
 * server asks anyone to sign in at all. The pages hide what the role may not do (the server
 * refuses it anyway). Set around each request by the assembly.
 */
public record Viewer(String name, Role role, boolean signedIn, boolean signInOffered) {

  private static final Viewer NOBODY = new Viewer(null, null, false, false); // fails closed
  private static final ThreadLocal<Viewer> CURRENT = new ThreadLocal<>();

  public static Viewer current() {
    Viewer viewer = CURRENT.get();
    return viewer == null ? NOBODY : viewer;
  }

  public static void set(Viewer viewer) {
    CURRENT.set(viewer);
  }

  public static void clear() {
    CURRENT.remove();
  }

  /** Whether the viewer may do what {@code needed} may. */
  public boolean can(Role needed) {
    return role != null && role.covers(needed);
  }

  /** The class the page's body carries, so the style sheet hides controls beyond the role. */
  public String roleClass() {
    return "role-" + (role == null ? "none" : role.value());
  }
}
