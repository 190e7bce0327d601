package io.powermanager.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.powermanager.api.v1alpha1.PowerContainer;
import java.util.ArrayList;
import java.util.List;

/** One element of {@code status.powerNodeCPUState.guaranteedPods} (Intel v2.5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"node", "name", "namespace", "uid", "containers"})
public class GuaranteedPod {

  private String node;
  private String name;
  private String namespace;
  private String uid;

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  private List<PowerContainer> containers = new ArrayList<>();

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getUid() {
    return uid;
  }

  public void setUid(String uid) {
    this.uid = uid;
  }

  public List<PowerContainer> getContainers() {
    return containers;
  }

  public void setContainers(List<PowerContainer> containers) {
    this.containers = containers;
  }
}
