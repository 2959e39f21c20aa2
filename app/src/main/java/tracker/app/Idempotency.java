package tracker.app;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.IdempotentAnswer;
import tracker.retries.IdempotencyService;

/**
 * {@code Idempotency-Key} on the API's writes: the first request with a key runs in one
 * transaction together with saving its answer, so the effect and the answer commit together; a
 * retry with the same key and the same request (method, path, query, body) within a day gets that
 * answer again, with {@code Idempotent-Replayed: true}, and no second effect; the same key with
 * another request is a 422. Only successful answers are kept: a refused request changed nothing
 * and may be sent again as it is.
 */
final class Idempotency {

  static final String HEADER = "Idempotency-Key";
  /** Set by a handler whose answer is a refusal although its status is 2xx (an MCP tool error). */
  static final String REFUSED = tracker.agents.McpEndpoint.REFUSED;
  static final String REPLAYED = "Idempotent-Replayed";

  private final IdempotencyService answers;
  private final Transactions tx;

  Idempotency(IdempotencyService answers, Transactions tx) {
    this.answers = answers;
    this.tx = tx;
  }

  /** The handler, made to honour the header. */
  Handler around(Handler handler) {
    return around(handler, ctx -> true);
  }

  /** The handler, honouring the header for the requests {@code applies} picks (the others run as they are). */
  Handler around(Handler handler, java.util.function.Predicate<Context> applies) {
    return ctx -> {
      String key = ctx.header(HEADER);
      if (key == null || !applies.test(ctx)) {
        handler.handle(ctx);
        return;
      }
      if (java.util.Collections.list(ctx.req().getHeaders(HEADER)).size() > 1) {
        throw TrackerException.badRequest("send one " + HEADER + " header: which one is the request's?", List.of());
      }
      if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw TrackerException.badRequest(HEADER + " must be 1 to 255 visible ASCII characters", List.of());
      }
      String fingerprint = fingerprint(ctx);
      Optional<IdempotentAnswer> earlier = answers.find(key);
      if (earlier.isPresent()) {
        replay(ctx, earlier.get(), fingerprint);
        return;
      }
      try {
        // looked up again inside: a concurrent request with the key may have committed meanwhile
        // (a retried transaction, too, sees it)
        Optional<IdempotentAnswer> committed = tx.writeOnThisThread(() -> {
          Optional<IdempotentAnswer> first = answers.find(key);
          if (first.isEmpty()) {
            run(handler, ctx);
            if (Boolean.TRUE.equals(ctx.attribute(REFUSED))) {
              throw new Refused(); // nothing of it may stay: the answer goes out as it is, not kept
            }
            if (ctx.statusCode() >= 200 && ctx.statusCode() < 300) {
              answers.save(answer(ctx, key, fingerprint));
            }
          }
          return first;
        });
        if (committed.isPresent()) {
          replay(ctx, committed.get(), fingerprint);
        }
      } catch (Refused refused) {
        // rolled back; the handler's answer (the refusal) stands
      } catch (PersistenceException collided) {
        // the same key committed by a concurrent request first: this one's effect rolled back
        IdempotentAnswer first = answers.find(key).orElseThrow(() -> collided);
        replay(ctx, first, fingerprint);
      }
    };
  }

  /** Rolls back a keyed request whose handler answered a refusal with a 2xx status. */
  private static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  private static void run(Handler handler, Context ctx) {
    try {
      handler.handle(ctx);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static IdempotentAnswer answer(Context ctx, String key, String fingerprint) {
    IdempotentAnswer answer = new IdempotentAnswer();
    answer.setIdempotencyKey(key);
    answer.setFingerprint(fingerprint);
    answer.setStatus(ctx.statusCode());
    answer.setContentType(ctx.res().getContentType());
    answer.setEtag(ctx.res().getHeader("ETag"));
    answer.setLocation(ctx.res().getHeader("Location"));
    answer.setBody(ctx.result());
    return answer;
  }

  private static void replay(Context ctx, IdempotentAnswer answer, String fingerprint) {
    if (!answer.getFingerprint().equals(fingerprint)) {
      throw new TrackerException(422, "Idempotency key reused", "the " + HEADER + " was sent before with another"
          + " request (method, path or body); use a new key for a new request", List.of());
    }
    ctx.status(answer.getStatus());
    ctx.header(REPLAYED, "true");
    if (answer.getContentType() != null) {
      ctx.contentType(answer.getContentType());
    }
    if (answer.getEtag() != null) {
      ctx.header("ETag", answer.getEtag());
    }
    if (answer.getLocation() != null) {
      ctx.header("Location", answer.getLocation());
    }
    if (answer.getBody() != null) {
      ctx.result(answer.getBody());
    }
  }

  private static String fingerprint(Context ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
      // the caller's identity too: another identity's retry with the same key is another request
      digest.update((ctx.method() + " " + ctx.path() + query + "\n" + java.util.Objects.toString(
          tracker.core.Actor.identity(), "") + "\n").getBytes(StandardCharsets.UTF_8));
      digest.update(ctx.bodyAsBytes());
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
