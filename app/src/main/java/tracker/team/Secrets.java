package tracker.team;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: 256 random bits, shown once; the database keeps only their SHA-256. A token is
 * found by its hash (an index lookup that tells a guesser nothing about the secret, whose hash
 * they cannot steer) and the hashes are then compared in constant time.
 */
public final class Secrets {

  /** Marks the tracker's secrets, so secret scanners and people recognise one. */
  public static final String PREFIX = "trk_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret: the prefix and 32 random bytes in URL-safe Base64. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a secret, in hex: what the database stores and looks up. */
  public static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether two secrets (or hashes) are equal, in time that does not depend on where they differ. */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
