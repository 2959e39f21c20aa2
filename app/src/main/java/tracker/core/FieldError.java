package tracker.core;

/** One broken rule: the field (as named in the contract's JSON) and what is wrong with it. */
public record FieldError(String field, String message) {}
