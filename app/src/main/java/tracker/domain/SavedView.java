package tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A named task listing (its filters and order as a query string) that the whole team can open. */
@Entity
@Table(name = "saved_views")
public class SavedView extends BaseEntity {

  /** The longest query string a view keeps. */
  public static final int MOST_QUERY = 2000;

  /** Unique, ignoring case (the service checks; the column keeps the name as written). */
  @Column(nullable = false, length = 60, unique = true)
  private String name;

  /** The listing's parameters, as /tasks takes them (without the leading '?'; empty: every task). */
  @Column(nullable = false, length = MOST_QUERY)
  private String query;

  @Column(nullable = false, length = 100)
  private String createdBy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }
}
