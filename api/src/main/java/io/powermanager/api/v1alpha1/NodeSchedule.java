package io.powermanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/** Where a time-of-day schedule stands on one node; written only by that node's agent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "kind",
  "namespace",
  "name",
  "activeEntry",
  "activeSince",
  "nextEntry",
  "nextTransition",
  "sharedProfile",
  "problems"
})
public class NodeSchedule {

  @JsonPropertyDescription("PowerSchedule or TimeOfDay.")
  private String kind;

  private String namespace;

  private String name;

  @JsonPropertyDescription("The active entry: its field path and start, e.g. entries[1] 20:00.")
  private String activeEntry;

  @JsonPropertyDescription("When the active entry started (RFC 3339).")
  private String activeSince;

  @JsonPropertyDescription("The entry that starts next.")
  private String nextEntry;

  @JsonPropertyDescription("When the next entry starts (RFC 3339).")
  private String nextTransition;

  @JsonPropertyDescription("The profile the Shared pool runs by the active entry, if it sets one.")
  private String sharedProfile;

  @JsonPropertyDescription("Why the schedule or part of the active entry is not applied.")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<String> problems = new ArrayList<>();

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getActiveEntry() {
    return activeEntry;
  }

  public void setActiveEntry(String activeEntry) {
    this.activeEntry = activeEntry;
  }

  public String getActiveSince() {
    return activeSince;
  }

  public void setActiveSince(String activeSince) {
    this.activeSince = activeSince;
  }

  public String getNextEntry() {
    return nextEntry;
  }

  public void setNextEntry(String nextEntry) {
    this.nextEntry = nextEntry;
  }

  public String getNextTransition() {
    return nextTransition;
  }

  public void setNextTransition(String nextTransition) {
    this.nextTransition = nextTransition;
  }

  public String getSharedProfile() {
    return sharedProfile;
  }

  public void setSharedProfile(String sharedProfile) {
    this.sharedProfile = sharedProfile;
  }

  public List<String> getProblems() {
    return problems;
  }

  public void setProblems(List<String> problems) {
    this.problems = problems;
  }
}
