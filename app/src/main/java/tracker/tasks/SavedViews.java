package tracker.tasks;

import io.ebean.Database;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tracker.core.Actor;
import tracker.core.FieldError;
import tracker.core.Names;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.SavedView;

/**
 * Named task listings the whole team shares: a name and the listing's filters and order, opened
 * by a link ({@code /views/{id}}) that leads to the list with those filters.
 */
public final class SavedViews {

  /** Views a server keeps at most: a list of names, not a store. */
  public static final int MOST = 200;

  /** The topic under which writers take turns for the rules over all views (see {@link Transactions#serialize}). */
  private static final String VIEWS = "saved_views";

  public record View(long id, String name, String query, String createdBy, Instant createdAt) {

    /** The task list this view shows. */
    @com.fasterxml.jackson.annotation.JsonProperty("url")
    public String url() {
      return query.isEmpty() ? "/tasks" : "/tasks?" + query;
    }

    static View of(SavedView row) {
      return new View(row.getId(), row.getName(), row.getQuery(), row.getCreatedBy(), row.getCreatedAt());
    }
  }

  /** A view as a client asks for it: {@code query} is a listing's query string, with or without the page's address before it. */
  public record ViewDraft(String name, String query) {}

  private final Database db;
  private final Transactions tx;
  private final TaskListing listing;

  public SavedViews(Database db, Transactions tx, TaskListing listing) {
    this.db = db;
    this.tx = tx;
    this.listing = listing;
  }

  /** Every view, by name. */
  public List<View> list() {
    return db.find(SavedView.class).findList().stream().map(View::of)
        .sorted(Comparator.comparing((View v) -> Names.sameKey(v.name())).thenComparing(View::id)).toList();
  }

  public View get(long id) {
    SavedView row = db.find(SavedView.class, id);
    if (row == null) {
      throw TrackerException.notFound("View", id);
    }
    return View.of(row);
  }

  /**
   * Saves a listing under a name no other view has (ignoring case, Unicode forms and invisible
   * characters). Its filters and order are checked by the listing's own rules and kept in a
   * fixed form; the page offset is left out, so the view opens at its first page.
   */
  public View create(ViewDraft draft) {
    Rules rules = new Rules();
    String name = rules.required(TextField.VIEW_NAME, draft.name());
    TaskQuery query = null;
    if (draft.query() == null) {
      rules.add("query", "is required (empty for every task)");
    } else {
      query = parse(draft.query(), rules);
    }
    rules.check();
    String stored = TaskQuery.queryString(query.filtersAndOrder());
    if (stored.length() > SavedView.MOST_QUERY) {
      throw TrackerException.invalid("query", "is " + stored.length() + " characters long; a view keeps at most "
          + SavedView.MOST_QUERY);
    }
    return tx.write(() -> {
      tx.serialize(VIEWS); // names unique ignoring case, and a most: rules over all rows
      List<SavedView> all = db.find(SavedView.class).findList();
      String key = Names.sameKey(name);
      all.stream().filter(other -> Names.sameKey(other.getName()).equals(key)).findFirst().ifPresent(same -> {
        throw TrackerException.conflict("name", "there is already a view named " + same.getName());
      });
      if (all.size() >= MOST) {
        throw TrackerException.conflict("there are already " + MOST + " views; delete one first");
      }
      SavedView row = new SavedView();
      row.setName(name.strip());
      row.setQuery(stored);
      row.setCreatedBy(Actor.current());
      db.save(row);
      return View.of(row);
    });
  }

  public void delete(long id) {
    tx.write(() -> {
      SavedView row = db.find(SavedView.class, id);
      if (row == null) {
        throw TrackerException.notFound("View", id);
      }
      db.delete(row);
    });
  }

  /** The listing a query string names, every parameter known and every value by the listing's rules. */
  private TaskQuery parse(String given, Rules rules) {
    String text = given.strip();
    int mark = text.indexOf('?');
    if (mark >= 0) {
      text = text.substring(mark + 1);
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
        String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
        if ((key + value).indexOf('\uFFFD') >= 0 && pair.indexOf('\uFFFD') < 0
            && !pair.toUpperCase(java.util.Locale.ROOT).contains("%EF%BF%BD")) {
          // escapes that are not UTF-8: the decoder put U+FFFD in, which the listing's own query refuses
          rules.add("query", "is not valid UTF-8 once its %-escapes are decoded: " + Rules.quote(pair));
          return null;
        }
        params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } catch (IllegalArgumentException badEscape) {
        rules.add("query", "holds a broken %-escape: " + Rules.quote(pair));
        return null;
      }
    }
    List<String> known = List.copyOf(TaskQuery.all().parameters().keySet());
    params.keySet().stream().filter(key -> !known.contains(key)).forEach(key ->
        rules.add("query", Rules.quote(key) + " is not a filter of the task list; known: " + String.join(", ", known)));
    params.forEach((key, values) -> {
      if (values.size() > 1 && known.contains(key) && !TaskQuery.MANY_VALUED.contains(key)) {
        rules.add("query", Rules.quote(key) + " is given " + values.size() + " times; the list reads it once");
      }
    });
    TaskQuery query = TaskQuery.from(name -> params.getOrDefault(name, List.of()));
    for (FieldError problem : listing.problems(query)) {
      rules.add("query", problem.field() + " " + problem.message());
    }
    return query;
  }
}
