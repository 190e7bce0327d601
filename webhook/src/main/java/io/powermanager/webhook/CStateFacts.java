package io.powermanager.webhook;

import io.powermanager.api.v1alpha1.CStates;
import io.powermanager.domain.cstates.NodeIdleFacts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What C-state admission reads about the cluster. */
public interface CStateFacts {

  /** Every power node's idle facts by node name; empty when unknown. */
  Optional<Map<String, NodeIdleFacts>> powerNodes();

  /** The labels of a node. */
  Map<String, String> nodeLabels(String node);

  /** The names of the PowerProfiles; empty when unknown. */
  Optional<Set<String>> profiles();

  /** The CStates objects of the power namespace. */
  List<CStates> cstates();

  /** Knows nothing (offline): only the rules that need no cluster apply. */
  CStateFacts NONE =
      new CStateFacts() {
        @Override
        public Optional<Map<String, NodeIdleFacts>> powerNodes() {
          return Optional.empty();
        }

        @Override
        public Map<String, String> nodeLabels(String node) {
          return Map.of();
        }

        @Override
        public Optional<Set<String>> profiles() {
          return Optional.empty();
        }

        @Override
        public List<CStates> cstates() {
          return List.of();
        }
      };
}
