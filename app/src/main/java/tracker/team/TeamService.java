package tracker.team;

import io.ebean.Database;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.AccessToken;
import tracker.domain.Identity;
import tracker.domain.IdentityKind;
import tracker.domain.Role;
import tracker.domain.query.QAccessToken;
import tracker.domain.query.QIdentity;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.IdentityView;
import tracker.team.TeamRecords.NewToken;
import tracker.team.TeamRecords.Principal;
import tracker.team.TeamRecords.TokenDraft;
import tracker.team.TeamRecords.TokenView;

/**
 * The team: identities (people and agents, each with a role) and their tokens. Every request's
 * token is looked up in the database, so a revocation holds on every instance at once.
 */
public final class TeamService {

  /** Letters, digits and {@code . _ - @}: no slash, which separates an identity from its labels. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0," + (TextField.IDENTITY_NAME.maxLength() - 1) + "}");
  /** A token's last use is written at most this often, so reads stay reads. */
  private static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);
  /** How long "no identities yet" is believed before the table is asked again. */
  private static final long EMPTY_RECHECK_MILLIS = 1_000;
  private static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T00:00:00Z");

  /** What the server's shared token acts as once there are identities; no identity may take the name. */
  public static final String SHARED_TOKEN_NAME = "shared-token";
  private static final String IDENTITIES = "identities";

  private final Database db;
  private final Transactions tx;
  private final ActivityLog activity;
  private final Map<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();
  private volatile boolean identitiesSeen;
  private volatile long emptyCheckedAt;

  public TeamService(Database db, Transactions tx, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.activity = activity;
  }

  /**
   * Whether the server has identities: from then on every request needs a token (reads too,
   * unless reads are open). Identities are never deleted, so once seen it stays true.
   */
  public boolean hasIdentities() {
    if (identitiesSeen) {
      return true;
    }
    long now = System.currentTimeMillis();
    if (now - emptyCheckedAt < EMPTY_RECHECK_MILLIS) {
      return false;
    }
    identitiesSeen = new QIdentity(db).exists();
    emptyCheckedAt = now;
    return identitiesSeen;
  }

  public List<IdentityView> identities() {
    Map<Long, List<TokenView>> tokens = new LinkedHashMap<>();
    for (AccessToken token : new QAccessToken(db).fetch("identity").orderBy("id").findList()) {
      tokens.computeIfAbsent(token.getIdentity().getId(), id -> new java.util.ArrayList<>()).add(view(token));
    }
    return new QIdentity(db).orderBy("id").findList().stream()
        .map(identity -> view(identity, tokens.getOrDefault(identity.getId(), List.of()))).toList();
  }

  public IdentityView identity(long id) {
    Identity identity = new QIdentity(db).id.eq(id).findOne();
    if (identity == null) {
      throw TrackerException.notFound("Identity", id);
    }
    return view(identity, new QAccessToken(db).identity.id.eq(id).orderBy("id").findList().stream()
        .map(TeamService::view).toList());
  }

  public Optional<IdentityView> identityNamed(String name) {
    return Optional.ofNullable(new QIdentity(db).name.eq(name).findOne()).map(i -> identity(i.getId()));
  }

  /** A new identity; 422 for a bad name, kind or role, 409 when the name is taken. */
  public IdentityView createIdentity(IdentityDraft draft) {
    Rules rules = new Rules();
    String name = name(rules, draft.name());
    IdentityKind kind = draft.kind() == null ? IdentityKind.PERSON : rules.oneOf("kind", draft.kind(), IdentityKind.class);
    Role role = rules.requiredOneOf("role", draft.role(), Role.class);
    rules.check();
    return tx.write(() -> {
      tx.serialize(IDENTITIES); // names unique ignoring case, one admin at least: rules over many rows
      Identity same = new QIdentity(db).name.ieq(name).findOne();
      if (same != null) {
        throw TrackerException.conflict("name", "there is already an identity named " + same.getName()
            + (same.getName().equals(name) ? "" : " (names differ by more than case)"));
      }
      Identity identity = new Identity();
      identity.setName(name);
      identity.setKind(kind);
      identity.setRole(role);
      db.save(identity);
      tx.afterCommit(() -> identitiesSeen = true);
      activity.identity(identity.getId(), "identity_created", Changes.of().added("name", name)
          .added("kind", kind).added("role", role));
      return view(identity, List.of());
    });
  }

  /** Changes an identity's role; takes effect on its next request, on every instance. */
  public IdentityView changeRole(long id, String role) {
    Rules rules = new Rules();
    Role parsed = rules.requiredOneOf("role", role, Role.class);
    rules.check();
    tx.write(() -> {
      tx.serialize(IDENTITIES);
      Identity identity = new QIdentity(db).id.eq(id).findOne();
      if (identity == null) {
        throw TrackerException.notFound("Identity", id);
      }
      if (identity.getRole() == Role.ADMIN && parsed != Role.ADMIN
          && new QIdentity(db).role.eq(Role.ADMIN).findCount() == 1) {
        throw TrackerException.conflict(identity.getName() + " is the last admin; make another admin first");
      }
      if (identity.getRole() != parsed) {
        activity.identity(id, "role_changed", Changes.of().field("role", identity.getRole(), parsed));
        identity.setRole(parsed);
        db.update(identity);
      }
    });
    return identity(id);
  }

  /** A new token of an identity; its secret is in the answer and nowhere else, ever. */
  public NewToken createToken(long identityId, TokenDraft draft) {
    Rules rules = new Rules();
    String name = draft.name() == null || draft.name().isBlank() ? "token" : draft.name().strip();
    rules.text(TextField.TOKEN_NAME, name);
    Instant expires = expiry(rules, draft.expiresAt());
    rules.check();
    String secret = Secrets.newSecret();
    return tx.write(() -> {
      Identity identity = new QIdentity(db).id.eq(identityId).findOne();
      if (identity == null) {
        throw TrackerException.notFound("Identity", identityId);
      }
      AccessToken token = new AccessToken();
      token.setIdentity(identity);
      token.setName(name);
      token.setSecretHash(Secrets.hash(secret));
      token.setExpiresAt(expires);
      db.save(token);
      activity.identity(identityId, "token_created", Changes.of().added("token_id", token.getId())
          .added("token_name", name).added("expires_at", expires));
      return new NewToken(secret, view(token));
    });
  }

  /** What {@link #tokenFor} did: the identity (made, its role changed, or as it was) and the new token. */
  public record Issued(IdentityView identity, boolean made, boolean roleChanged, NewToken token) {}

  /**
   * A new token for the identity named, making the identity first if it is new ({@code role}
   * then required) or changing its role when another is given; all or nothing.
   */
  public Issued tokenFor(IdentityDraft who, TokenDraft token) {
    return tx.write(() -> {
      Optional<IdentityView> existing = identityNamed(who.name());
      IdentityView identity = existing.orElseGet(() -> createIdentity(who));
      boolean roleChanged = existing.isPresent() && who.role() != null
          && !who.role().equals(identity.role().value());
      if (roleChanged) {
        identity = changeRole(identity.id(), who.role());
      }
      return new Issued(identity, existing.isEmpty(), roleChanged, createToken(identity.id(), token));
    });
  }

  /** Revokes a token at once; revoking it again changes nothing. */
  public TokenView revoke(long tokenId) {
    return tx.write(() -> {
      AccessToken token = new QAccessToken(db).id.eq(tokenId).fetch("identity").findOne();
      if (token == null) {
        throw TrackerException.notFound("Token", tokenId);
      }
      if (token.getRevokedAt() == null) {
        token.setRevokedAt(Instant.now());
        db.update(token);
        activity.identity(token.getIdentity().getId(), "token_revoked", Changes.of().added("token_id", tokenId)
            .added("token_name", token.getName()));
      }
      return view(token);
    });
  }

  /** Who holds a secret, if it is a live token of an identity. */
  public Optional<Principal> authenticate(String secret, Instant now) {
    return secret == null || secret.isEmpty() || secret.length() > 200 ? Optional.empty()
        : byHash(Secrets.hash(secret), now);
  }

  /** Who holds the token with this hash, if it is live (signed-in browsers keep only the hash). */
  public Optional<Principal> byHash(String secretHash, Instant now) {
    AccessToken token = new QAccessToken(db).secretHash.eq(secretHash).fetch("identity").findOne();
    if (token == null || !Secrets.same(token.getSecretHash(), secretHash) || !view(token).usable(now)) {
      return Optional.empty();
    }
    noteUse(token.getId(), now);
    Identity identity = token.getIdentity();
    return Optional.of(new Principal(identity.getId(), identity.getName(), identity.getKind(), identity.getRole()));
  }

  private void noteUse(long tokenId, Instant now) {
    Instant written = lastUseWritten.get(tokenId);
    if (written != null && written.plus(LAST_USED_EVERY).isAfter(now)) {
      return;
    }
    lastUseWritten.put(tokenId, now);
    tx.write(() -> {
      new QAccessToken(db).id.eq(tokenId).asUpdate().set("lastUsedAt", now).update();
    });
  }

  private static String name(Rules rules, String name) {
    if (name == null || name.isBlank()) {
      rules.add("name", "is required");
      return null;
    }
    if (name.equalsIgnoreCase(SHARED_TOKEN_NAME)) {
      rules.add("name", "'" + SHARED_TOKEN_NAME + "' is what the server's shared token acts as");
    } else if (name.equalsIgnoreCase("me") || name.equalsIgnoreCase("none")) {
      rules.add("name", "'" + name + "' is a word of the assignee filter (assignee=me, assignee=none)");
    } else if (!NAME.matcher(name).matches()) {
      rules.add("name", "must be 1-50 letters, digits, '.', '_', '-' or '@', starting with a letter or digit, not "
          + Rules.quote(name));
    }
    return name;
  }

  /** An expiry in the future: a date (the end of that day, UTC) or a date-time with its offset. */
  private static Instant expiry(Rules rules, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Instant expires;
    try {
      expires = text.length() == 10 ? tracker.core.Times.date(text).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      rules.add("expires_at", "must be a date (2027-01-31) or a date-time with offset, not " + Rules.quote(text));
      return null;
    }
    if (!expires.isAfter(Instant.now())) {
      rules.add("expires_at", "must be in the future");
    } else if (expires.isAfter(LATEST_EXPIRY)) {
      rules.add("expires_at", "must be before the year 10000");
    }
    return expires;
  }

  private static TokenView view(AccessToken token) {
    return new TokenView(token.getId(), token.getIdentity().getId(), token.getIdentity().getName(), token.getName(),
        token.getCreatedAt(), token.getExpiresAt(), token.getLastUsedAt(), token.getRevokedAt());
  }

  private static IdentityView view(Identity identity, List<TokenView> tokens) {
    return new IdentityView(identity.getId(), identity.getName(), identity.getKind(), identity.getRole(),
        identity.getCreatedAt(), tokens);
  }
}
