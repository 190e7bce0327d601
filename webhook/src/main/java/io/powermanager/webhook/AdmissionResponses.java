package io.powermanager.webhook;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.powermanager.domain.RuleResult;
import io.powermanager.domain.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Builds {@link AdmissionResponse}s that the API server accepts (contracts §1.4–1.6): the uid
 * echoed, a denial's {@code status} with code, reason and message, a base64 JSON Patch with {@code
 * patchType: JSONPatch} only when there is one, and warnings within the API server's limits.
 *
 * <p>Codes: a rule violation is {@code 403 Forbidden}; an object that cannot be read is {@code 400
 * BadRequest}; a fault in the webhook itself is {@code 500 InternalError}. The HTTP status of the
 * answer is 200 in every case.
 */
public final class AdmissionResponses {

  /** A denial's {@code status.code} and {@code reason} for broken rules. */
  public static final int FORBIDDEN = 403;

  /** {@code status.code} for a request or object that cannot be read. */
  public static final int BAD_REQUEST = 400;

  /** {@code status.code} for a fault in the webhook. */
  public static final int INTERNAL_ERROR = 500;

  /** The API server cuts each warning to 256 characters once all exceed 4 KiB; we never exceed. */
  static final int MAX_WARNING_LENGTH = 256;

  static final int MAX_WARNINGS_TOTAL = 4 * 1024;

  /** The longest {@code status.message}; further violations are counted, not listed. */
  static final int MAX_MESSAGE_LENGTH = 4 * 1024;

  static final String PATCH_TYPE = "JSONPatch";

  private AdmissionResponses() {}

  public static AdmissionResponse allowed(String uid, List<String> warnings) {
    AdmissionResponse r = base(uid, true);
    r.setWarnings(warnings(warnings));
    return r;
  }

  /** Allowed with a JSON Patch (RFC 6902 array text); an empty array is no patch. */
  public static AdmissionResponse patched(String uid, String jsonPatch) {
    AdmissionResponse r = base(uid, true);
    r.setPatch(Base64.getEncoder().encodeToString(jsonPatch.getBytes(StandardCharsets.UTF_8)));
    r.setPatchType(PATCH_TYPE);
    return r;
  }

  /** Denied with every violation of {@code result} in one message; warnings kept. */
  public static AdmissionResponse denied(String uid, RuleResult result) {
    AdmissionResponse r = base(uid, false);
    r.setStatus(status(FORBIDDEN, "Forbidden", message(result.violations())));
    r.setWarnings(warnings(result.warnings()));
    return r;
  }

  /** Denied because the request could not be handled: bad input (400) or a webhook fault (500). */
  public static AdmissionResponse errored(String uid, int code, String message) {
    AdmissionResponse r = base(uid, false);
    r.setStatus(
        status(
            code,
            switch (code) {
              case INTERNAL_ERROR -> "InternalError";
              case 413 -> "RequestEntityTooLarge";
              default -> "BadRequest";
            },
            AdmissionCodec.shorten(message, MAX_MESSAGE_LENGTH)));
    return r;
  }

  private static AdmissionResponse base(String uid, boolean allowed) {
    AdmissionResponse r = new AdmissionResponse();
    r.setUid(uid == null ? "" : uid);
    r.setAllowed(allowed);
    return r;
  }

  private static Status status(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  /** {@code a; b; c}, cut before {@link #MAX_MESSAGE_LENGTH} with the number left out. */
  static String message(List<Violation> violations) {
    final int reserve = 40; // room for "; and N more violations"
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Violation v : violations) {
      String next = v.toString();
      int separator = shown == 0 ? 0 : 2;
      boolean last = shown == violations.size() - 1;
      int limit = last ? MAX_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH - reserve;
      if (out.length() + separator + next.length() > limit) {
        if (shown == 0) {
          out.append(AdmissionCodec.shorten(next, MAX_MESSAGE_LENGTH - reserve));
          shown = 1;
        }
        break;
      }
      if (separator > 0) {
        out.append("; ");
      }
      out.append(next);
      shown++;
    }
    if (shown < violations.size()) {
      out.append("; and ").append(violations.size() - shown).append(" more violations");
    }
    return out.toString();
  }

  /** Distinct warnings, each at most 256 characters, at most 4 KiB together; null when none. */
  static List<String> warnings(List<String> warnings) {
    if (warnings == null || warnings.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int total = 0;
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(warnings));
    for (int i = 0; i < distinct.size(); i++) {
      String w = AdmissionCodec.shorten(distinct.get(i), MAX_WARNING_LENGTH);
      if (total + w.length() > MAX_WARNINGS_TOTAL - 64) {
        out.add((distinct.size() - i) + " more warnings not shown");
        break;
      }
      out.add(w);
      total += w.length();
    }
    return out;
  }
}
