package tracker.core;

import java.text.Normalizer;
import java.util.Locale;

/** Names people give things (scenarios, saved views), which must differ in more than their spelling. */
public final class Names {

  private Names() {}

  /** What makes two names the same one: case, Unicode forms, spaces around and invisible characters aside. */
  public static String sameKey(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll(UNSEEN, "").strip()
        .toLowerCase(Locale.ROOT);
  }

  /** Characters that show nothing: format characters (zero-width space, joiners) and variation selectors. */
  private static final String UNSEEN = "[\\p{Cf}\\x{FE00}-\\x{FE0F}\\x{E0100}-\\x{E01EF}]";

  /** Whether a text shows nothing at all: only spaces and {@link #UNSEEN} characters. */
  public static boolean invisible(String text) {
    return text.replaceAll(UNSEEN, "").isBlank();
  }
}
