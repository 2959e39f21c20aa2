package tracker.signin;

import io.ebean.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import tracker.db.Transactions;
import tracker.domain.WebSession;
import tracker.domain.query.QWebSession;

/**
 * Browser sign-ins: each one a random 256-bit id that only the browser holds; the database keeps
 * its SHA-256, the token it was opened under and its expiry. A session ends at its expiry, at
 * sign-out (on every instance at once, as they share the database) and when the server's token
 * changes.
 */
public final class SessionService {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private final Database db;
  private final Transactions tx;

  public SessionService(Database db, Transactions tx) {
    this.db = db;
    this.tx = tx;
  }

  /** Opens a session under {@code token} for {@code lifetime}; answers its id for the cookie. */
  public String start(String token, Duration lifetime) {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String session = BASE64.encodeToString(id);
    Instant now = Instant.now();
    tx.write(() -> {
      new QWebSession(db).expiresAt.lt(now).delete(); // the ended ones go as new ones come
      WebSession row = new WebSession();
      row.setSessionHash(sha256(session));
      row.setTokenHash(sha256(token));
      row.setExpiresAt(now.plus(lifetime));
      db.save(row);
    });
    return session;
  }

  /** Whether a cookie's session is open under {@code token} at {@code now}. */
  public boolean active(String session, String token, Instant now) {
    if (session == null || session.isEmpty() || session.length() > 100) {
      return false;
    }
    return new QWebSession(db).sessionHash.eq(sha256(session)).tokenHash.eq(sha256(token))
        .expiresAt.gt(now).endedAt.isNull().exists();
  }

  /** Ends a session (signing out); an unknown one is ignored. */
  public void end(String session) {
    if (session == null || session.isEmpty() || session.length() > 100) {
      return;
    }
    tx.write(() -> {
      new QWebSession(db).sessionHash.eq(sha256(session)).asUpdate().set("endedAt", Instant.now()).update();
    });
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
