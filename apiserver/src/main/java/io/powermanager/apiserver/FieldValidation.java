package io.powermanager.apiserver;

/**
 * The {@code fieldValidation} query parameter: what a write does with fields its schema does not
 * declare. kube-apiserver's default (v1.23+) is {@link #WARN}; {@code kubectl --validate=strict}
 * sends {@link #STRICT}.
 */
enum FieldValidation {
  /** Drop unknown fields silently. */
  IGNORE,
  /** Drop them and name each in a {@code Warning} header. */
  WARN,
  /** Refuse the write. */
  STRICT;

  /** Parses the parameter as kube-apiserver does; an unknown directive is a 400. */
  static FieldValidation parse(String value) {
    return switch (value) {
      case "" -> WARN;
      case "Ignore" -> IGNORE;
      case "Warn" -> WARN;
      case "Strict" -> STRICT;
      default ->
          throw ApiStatus.badRequest(
              "fieldValidation: Invalid value: \""
                  + value
                  + "\": fieldValidation must be one of \"Ignore\", \"Warn\" or \"Strict\"");
    };
  }
}
