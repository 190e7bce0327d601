package io.powermanager.simulator.walkthrough;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubectl get}'s default output: the API server's {@code meta.k8s.io/v1 Table} for the list
 * (the CRD printer columns for power kinds), printed as kubectl's printer does — upper-case
 * headers, columns of priority 0 (all of them with {@code -o wide}), 3 spaces between columns,
 * nothing for null cells, "No resources found in NS namespace." for an empty list; rows by name,
 * the order kube-apiserver lists in.
 */
public final class KubectlGet {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String TABLE_ACCEPT =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String apiUrl;

  /**
   * @param apiUrl the API server, {@code http://127.0.0.1:<port>}
   */
  public KubectlGet(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  /**
   * The table of a list.
   *
   * @param path e.g. {@code /apis/power.intel.com/v1alpha1/namespaces/default/powerprofiles}
   * @param namespace for the empty-list message
   */
  public String table(String path, String namespace, boolean wide) throws IOException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(apiUrl + path))
                  .header("Accept", TABLE_ACCEPT)
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode());
    }
    return render(JSON.readTree(response.body()), namespace, wide);
  }

  static String render(JsonNode table, String namespace, boolean wide) {
    JsonNode rows = table.path("rows");
    if (rows.isEmpty()) {
      return "No resources found in " + namespace + " namespace.\n";
    }
    List<Integer> columns = new ArrayList<>();
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    JsonNode defs = table.path("columnDefinitions");
    for (int i = 0; i < defs.size(); i++) {
      if (wide || defs.get(i).path("priority").asInt(0) == 0) {
        columns.add(i);
        header.add(defs.get(i).path("name").asString().toUpperCase(java.util.Locale.ROOT));
      }
    }
    lines.add(header);
    List<List<String>> body = new ArrayList<>();
    for (JsonNode row : rows) {
      List<String> line = new ArrayList<>();
      for (int i : columns) {
        line.add(cell(row.path("cells").path(i)));
      }
      body.add(line);
    }
    // kube-apiserver lists in storage-key order: by name within a namespace
    body.sort(java.util.Comparator.comparing(l -> l.get(0)));
    lines.addAll(body);
    int[] widths = new int[columns.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(line.get(i));
        if (i < line.size() - 1) {
          text.append(" ".repeat(widths[i] - line.get(i).length() + 3));
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String cell(JsonNode cell) {
    if (cell.isMissingNode() || cell.isNull()) {
      return "";
    }
    if (cell.isString()) {
      return cell.asString();
    }
    return cell.toString();
  }
}
