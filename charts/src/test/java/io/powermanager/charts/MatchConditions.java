package io.powermanager.charts;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.List;
import java.util.Map;

/**
 * A webhook's {@code matchConditions} evaluated as the API server does: CEL with the standard
 * macros, the variables {@code object}, {@code oldObject}, {@code request} and {@code authorizer}
 * typed {@code dyn} (a webhook sees any kind, so there is no schema), the object as plain maps and
 * lists. A field read without {@code has()} on an object that lacks it is an evaluation error, as
 * in the API server.
 */
final class MatchConditions {

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("object", SimpleType.DYN)
          .addVar("oldObject", SimpleType.DYN)
          .addVar("request", SimpleType.DYN)
          .addVar("authorizer", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private MatchConditions() {}

  /** What the API server decides for {@code object} under {@code expressions} (all must hold). */
  sealed interface Outcome {}

  /** Every expression returned true: the webhook is called. */
  record Sent() implements Outcome {}

  /** One returned false: the webhook is skipped. */
  record Skipped() implements Outcome {}

  /** One failed: with failurePolicy Fail the request is rejected. */
  record Errored(String message) implements Outcome {}

  static Outcome evaluate(List<String> expressions, Map<String, Object> object) {
    boolean errored = false;
    String error = "";
    for (String expression : expressions) {
      Object result;
      try {
        CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
        result = RUNTIME.createProgram(ast).eval(Map.of("object", object));
      } catch (CelValidationException e) {
        throw new AssertionError("matchCondition does not compile: " + expression, e);
      } catch (CelEvaluationException e) {
        errored = true;
        error = e.getMessage();
        continue;
      }
      if (!(result instanceof Boolean b)) {
        throw new AssertionError("matchCondition returned " + result + ", not a bool");
      }
      if (!b) {
        return new Skipped(); // any false skips, even when another one errored
      }
    }
    return errored ? new Errored(error) : new Sent();
  }
}
