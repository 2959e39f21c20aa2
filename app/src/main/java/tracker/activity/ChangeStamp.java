package tracker.activity;

/**
 * Where the database stands: how many write transactions this process has committed, and the
 * newest activity entry written by any process. Every change appends activity, so data read
 * under one stamp is current for as long as the stamp stays the same.
 */
public record ChangeStamp(long localCommits, long newestActivity) {}
