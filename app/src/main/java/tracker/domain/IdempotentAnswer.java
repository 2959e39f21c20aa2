package tracker.domain;

import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * The answer to a write sent with an {@code Idempotency-Key}, committed with the write itself, so
 * a retry of the same request gets it again instead of a second effect. {@code fingerprint} is a
 * hash of the method, path and body: the same key with another request is refused.
 */
@Index(columnNames = "created_at")
@Entity
@Table(name = "idempotent_answers")
public class IdempotentAnswer extends BaseEntity {

  @Index(unique = true)
  @Column(nullable = false, length = 255)
  private String idempotencyKey;

  @Column(nullable = false, length = 64)
  private String fingerprint;

  @Column(nullable = false)
  private int status;

  @Column(length = 100)
  private String contentType;

  @Column(length = 100)
  private String etag;

  @Column(length = 200)
  private String location;

  @Lob
  private String body;

  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  public void setIdempotencyKey(String idempotencyKey) {
    this.idempotencyKey = idempotencyKey;
  }

  public String getFingerprint() {
    return fingerprint;
  }

  public void setFingerprint(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public int getStatus() {
    return status;
  }

  public void setStatus(int status) {
    this.status = status;
  }

  public String getContentType() {
    return contentType;
  }

  public void setContentType(String contentType) {
    this.contentType = contentType;
  }

  public String getEtag() {
    return etag;
  }

  public void setEtag(String etag) {
    this.etag = etag;
  }

  public String getLocation() {
    return location;
  }

  public void setLocation(String location) {
    this.location = location;
  }

  public String getBody() {
    return body;
  }

  public void setBody(String body) {
    this.body = body;
  }
}
