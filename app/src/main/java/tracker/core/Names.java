package tracker.core;

import java.text.Normalizer;
import java.util.Locale;

/** Names people give things (scenarios, saved views), which must differ in more than their spelling. */
public final class Names {

  private Names() {}

  /** What makes two names the same one: case, Unicode forms, spaces around and invisible characters aside. */
  public static String sameKey(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\p{Cf}", "").strip()
        .toLowerCase(Locale.ROOT);
  }
}
