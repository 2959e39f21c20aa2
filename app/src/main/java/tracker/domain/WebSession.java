package tracker.domain;

import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A browser's sign-in: only the hash of its random id is kept (the id lives in the browser's
 * cookie), with the hash of the token it was opened under, when it runs out and when it ended.
 * In the database, so every instance sees a sign-out at once.
 */
@Index(columnNames = "expires_at")
@Entity
@Table(name = "web_sessions")
public class WebSession extends BaseEntity {

  @Index(unique = true)
  @Column(nullable = false, length = 64)
  private String sessionHash;

  @Column(nullable = false, length = 64)
  private String tokenHash;

  @Column(nullable = false)
  private Instant expiresAt;

  private Instant endedAt;

  public String getSessionHash() {
    return sessionHash;
  }

  public void setSessionHash(String sessionHash) {
    this.sessionHash = sessionHash;
  }

  public String getTokenHash() {
    return tokenHash;
  }

  public void setTokenHash(String tokenHash) {
    this.tokenHash = tokenHash;
  }

  public Instant getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(Instant expiresAt) {
    this.expiresAt = expiresAt;
  }

  public Instant getEndedAt() {
    return endedAt;
  }

  public void setEndedAt(Instant endedAt) {
    this.endedAt = endedAt;
  }
}
