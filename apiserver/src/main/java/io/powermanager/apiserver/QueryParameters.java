package io.powermanager.apiserver;

/**
 * Query parameters read as kube-apiserver reads them: booleans with Go's {@code strconv.ParseBool}
 * ({@code 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False}; the Python client sends {@code
 * watch=True}), integers as Go's {@code strconv.ParseInt}; a malformed value is a 400.
 */
final class QueryParameters {
  private QueryParameters() {}

  /** Go's {@code strconv.ParseBool}; {@code null} when the text is not a boolean. */
  static Boolean parseBool(String text) {
    return switch (text) {
      case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
      case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** A boolean parameter, {@code false} when absent. */
  static boolean bool(FrontRequest request, String name) {
    String text = request.param(name);
    if (text.isEmpty()) {
      return false;
    }
    Boolean value = parseBool(text);
    if (value == null) {
      throw ApiStatus.badRequest(
          name
              + ": Invalid value: \""
              + text
              + "\": strconv.ParseBool: parsing \""
              + text
              + "\": invalid syntax");
    }
    return value;
  }

  /** An integer parameter, {@code null} when absent. */
  static Long int64(FrontRequest request, String name) {
    String text = request.param(name);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw ApiStatus.badRequest(
          name
              + ": Invalid value: \""
              + text
              + "\": strconv.ParseInt: parsing \""
              + text
              + "\": invalid syntax");
    }
  }

  /**
   * Checks every parameter kube-apiserver parses as a number or boolean, so that a malformed value
   * is a 400 as there, not ignored.
   */
  static void check(FrontRequest request) {
    for (String name :
        new String[] {
          "watch",
          "allowWatchBookmarks",
          "sendInitialEvents",
          "pretty",
          "orphanDependents",
          "force",
          "ignoreStoreReadErrorWithClusterBreakingPotential"
        }) {
      bool(request, name);
    }
    for (String name : new String[] {"limit", "timeoutSeconds", "gracePeriodSeconds"}) {
      int64(request, name);
    }
    String version = request.param("resourceVersion");
    if (!version.isEmpty() && !version.matches("\\d{1,19}")) {
      throw ApiStatus.badRequest(
          "resourceVersion: Invalid value: \""
              + version
              + "\": strconv.ParseUint: parsing \""
              + version
              + "\": invalid syntax");
    }
  }
}
