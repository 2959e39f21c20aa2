package tracker.team;

import io.ebean.Database;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tracker.db.Transactions;
import tracker.domain.WebSession;
import tracker.domain.query.QWebSession;

/**
 * Browser sign-ins: each one a random 256-bit id that only the browser holds; the database keeps
 * its SHA-256, the hash of the token it was opened with and its expiry. A session ends at its
 * expiry, at sign-out (on every instance at once, as they share the database), and with its token:
 * when that token is revoked or expires, or the server's shared token changes.
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

  /** Opens a session with the token whose hash is {@code tokenHash} for {@code lifetime}; answers its id for the cookie. */
  public String start(String tokenHash, Duration lifetime) {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    String session = BASE64.encodeToString(id);
    Instant now = Instant.now();
    tx.write(() -> {
      new QWebSession(db).expiresAt.lt(now).delete(); // the ended ones go as new ones come
      WebSession row = new WebSession();
      row.setSessionHash(Secrets.hash(session));
      row.setTokenHash(tokenHash);
      row.setExpiresAt(now.plus(lifetime));
      db.save(row);
    });
    return session;
  }

  /** The hash of the token a cookie's session was opened with, if the session is open at {@code now}. */
  public Optional<String> tokenHash(String session, Instant now) {
    if (session == null || session.isEmpty() || session.length() > 100) {
      return Optional.empty();
    }
    return new QWebSession(db).select("tokenHash").sessionHash.eq(Secrets.hash(session))
        .expiresAt.gt(now).endedAt.isNull().findOneOrEmpty().map(WebSession::getTokenHash);
  }

  /** Ends a session (signing out); an unknown one is ignored. */
  public void end(String session) {
    if (session == null || session.isEmpty() || session.length() > 100) {
      return;
    }
    tx.write(() -> {
      new QWebSession(db).sessionHash.eq(Secrets.hash(session)).asUpdate().set("endedAt", Instant.now()).update();
    });
  }
}
