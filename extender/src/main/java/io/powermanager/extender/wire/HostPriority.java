package io.powermanager.extender.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One entry of the {@code /prioritize} answer ({@code extender/v1.HostPriority}); the answer is a
 * JSON array of these ({@code HostPriorityList}).
 *
 * @param host a node name from the request
 * @param score 0 to 10; kube-scheduler multiplies it by the extender's weight and by 10
 */
@JsonPropertyOrder({"Host", "Score"})
public record HostPriority(@JsonProperty("Host") String host, @JsonProperty("Score") long score) {}
