package io.powermanager.apiserver;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The {@code x-kubernetes-validations} rules of a structural schema, evaluated with Google's CEL
 * for Java as kube-apiserver evaluates them: {@code self} is the value at the rule's node (plain
 * maps, lists, {@code long}, {@code double}, strings), {@code oldSelf} the stored value, and a
 * transition rule (one that reads {@code oldSelf}) runs only on an update that has an old value. A
 * false rule is {@code Invalid value: "<type>": <message>} at the node's path ({@code fieldPath}
 * appended, {@code reason} honoured). Not evaluated: {@code messageExpression} (the static message
 * is used), cost budgets, the Kubernetes CEL libraries beyond the standard ones.
 */
final class CelRules {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private final JsonNode schema;

  CelRules(JsonNode schema) {
    this.schema = schema;
  }

  List<FieldError> validate(JsonNode object, JsonNode old) {
    List<FieldError> errors = new ArrayList<>();
    walk(object, old, schema, "", errors);
    return errors;
  }

  private static void walk(
      JsonNode value, JsonNode old, JsonNode schema, String path, List<FieldError> errors) {
    if (value == null || value.isMissingNode() || schema == null) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, value, old, schema, path, errors);
    }
    if (value.isObject()) {
      JsonNode additional = schema.get("additionalProperties");
      for (String field : value.propertyNames()) {
        JsonNode child =
            schema.path("properties").has(field)
                ? schema.path("properties").get(field)
                : additional != null && additional.isObject() ? additional : null;
        walk(
            value.get(field),
            old == null ? null : old.get(field),
            child,
            path.isEmpty() ? field : path + "." + field,
            errors);
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        // kube-apiserver correlates list items for oldSelf only by map keys; by index is not done
        walk(value.get(i), null, schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }

  private static void check(
      JsonNode rule,
      JsonNode value,
      JsonNode old,
      JsonNode schema,
      String path,
      List<FieldError> errors) {
    String expression = rule.path("rule").asString("");
    boolean transition = expression.contains("oldSelf");
    if (expression.isEmpty() || (transition && (old == null || old.isMissingNode()))) {
      return;
    }
    String field = path + rule.path("fieldPath").asString("");
    String type = schema.path("type").asString(CrdSchema.jsonType(value));
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", plain(value));
    if (transition) {
      vars.put("oldSelf", plain(old));
    }
    Object result;
    try {
      result = program(expression).eval(vars);
    } catch (CelEvaluationException | CelValidationException e) {
      errors.add(
          FieldError.invalid(
              field, FieldError.quote(type), "rule evaluation error: " + e.getMessage()));
      return;
    }
    if (Boolean.TRUE.equals(result)) {
      return;
    }
    String message = rule.path("message").asString("");
    if (message.isEmpty()) {
      message = "failed rule: " + expression;
    }
    String reason = rule.path("reason").asString("FieldValueInvalid");
    errors.add(
        reason.equals("FieldValueInvalid")
            ? FieldError.invalid(field, FieldError.quote(type), message)
            : new FieldError(reason, field, FieldError.quote(type), message));
  }

  private static CelRuntime.Program program(String expression) throws CelValidationException {
    CelRuntime.Program cached = PROGRAMS.get(expression);
    if (cached != null) {
      return cached;
    }
    try {
      CelAbstractSyntaxTree ast = COMPILER.compile(expression).getAst();
      CelRuntime.Program program = RUNTIME.createProgram(ast);
      PROGRAMS.put(expression, program);
      return program;
    } catch (dev.cel.common.CelException e) {
      if (e instanceof CelValidationException v) {
        throw v;
      }
      throw new IllegalStateException(e);
    }
  }

  /** A JSON value as CEL's Java runtime takes it. */
  static Object plain(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.propertyNames().forEach(name -> map.put(name, plain(node.get(name))));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asString();
  }
}
