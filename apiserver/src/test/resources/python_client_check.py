"""Drives the embedded API server with the official Kubernetes Python client.

Usage: python3 python_client_check.py KUBECONFIG
Lists, watches (until it sees the profile it creates), creates, and collects the denials it
gets; prints one JSON object for PythonClientIT to assert on.
"""
import json
import sys
import threading

from kubernetes import client, config, watch

GROUP, VERSION, NAMESPACE, PLURAL = "power.intel.com", "v1alpha1", "default", "powerprofiles"


def profile(name, **spec):
    body = {"name": name, "epp": "power"}
    body.update(spec)
    return {
        "apiVersion": GROUP + "/" + VERSION,
        "kind": "PowerProfile",
        "metadata": {"name": name},
        "spec": body,
    }


def refusal(call):
    try:
        call()
    except client.ApiException as e:
        return {"status": e.status, "body": json.loads(e.body)}
    return {"status": 0, "body": None}


def main():
    config.load_kube_config(config_file=sys.argv[1])
    custom = client.CustomObjectsApi()
    core = client.CoreV1Api()
    out = {}

    out["namespaces"] = sorted(ns.metadata.name for ns in core.list_namespace().items)
    listed = custom.list_namespaced_custom_object(GROUP, VERSION, NAMESPACE, PLURAL)
    out["listed"] = [item["metadata"]["name"] for item in listed["items"]]

    events = []
    first_event = threading.Event()
    errors = []

    def watcher():
        w = watch.Watch()
        try:
            for event in w.stream(
                custom.list_namespaced_custom_object,
                GROUP,
                VERSION,
                NAMESPACE,
                PLURAL,
                timeout_seconds=30,
            ):
                events.append([event["type"], event["object"]["metadata"]["name"]])
                first_event.set()
                if event["object"]["metadata"]["name"] == "watched":
                    w.stop()
        except Exception as e:  # reported, not swallowed
            errors.append(repr(e))
        finally:
            first_event.set()

    thread = threading.Thread(target=watcher, daemon=True)
    thread.start()
    # the stored profile arrives as ADDED first: the watch is then live
    first_event.wait(30)
    created = custom.create_namespaced_custom_object(
        GROUP, VERSION, NAMESPACE, PLURAL, profile("watched", max=2000, undeclared={"C6": True})
    )
    thread.join(30)
    out["events"] = events
    out["watch_errors"] = errors
    out["created_spec"] = created["spec"]

    out["float"] = refusal(
        lambda: custom.create_namespaced_custom_object(
            GROUP, VERSION, NAMESPACE, PLURAL, profile("floating", max=3500.7)
        )
    )
    out["denied"] = refusal(
        lambda: custom.create_namespaced_custom_object(
            GROUP, VERSION, NAMESPACE, PLURAL, profile("turbo", max=2000)
        )
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
