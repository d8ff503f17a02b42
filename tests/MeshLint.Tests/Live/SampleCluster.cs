using System.Globalization;

namespace MeshLint.Tests.Live;

/// <summary>
/// A small mesh estate as an API server would list it: Istio in demo, Linkerd in payments, Consul in shop, the
/// control planes, their injector webhooks, and a few things wrong that the live rules should see.
/// </summary>
public static class SampleCluster
{
    public static FakeCluster Build()
    {
        var cluster = new FakeCluster();
        cluster.Serve(string.Empty, "v1", "namespaces", "Namespace", false);
        cluster.Serve(string.Empty, "v1", "services", "Service", true);
        cluster.Serve(string.Empty, "v1", "serviceaccounts", "ServiceAccount", true);
        cluster.Serve(string.Empty, "v1", "pods", "Pod", true);
        cluster.Serve(string.Empty, "v1", "secrets", "Secret", true);
        cluster.Serve(string.Empty, "v1", "configmaps", "ConfigMap", true);
        cluster.Serve("apps", "v1", "deployments", "Deployment", true);
        cluster.Serve("apps", "v1", "replicasets", "ReplicaSet", true);
        cluster.Serve("apps", "v1", "statefulsets", "StatefulSet", true);
        cluster.Serve("apps", "v1", "daemonsets", "DaemonSet", true);
        cluster.Serve("batch", "v1", "cronjobs", "CronJob", true);
        cluster.Serve("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false);
        cluster.Serve("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false);
        cluster.Serve("security.istio.io", "v1", "peerauthentications", "PeerAuthentication", true, "v1beta1");
        cluster.Serve("security.istio.io", "v1", "authorizationpolicies", "AuthorizationPolicy", true, "v1beta1");
        cluster.Serve("networking.istio.io", "v1", "virtualservices", "VirtualService", true, "v1beta1", "v1alpha3");
        cluster.Serve("networking.istio.io", "v1", "destinationrules", "DestinationRule", true, "v1beta1", "v1alpha3");
        cluster.Serve("policy.linkerd.io", "v1beta3", "servers", "Server", true, "v1alpha1");
        cluster.Serve("policy.linkerd.io", "v1alpha1", "authorizationpolicies", "AuthorizationPolicy", true);
        cluster.Serve("policy.linkerd.io", "v1beta3", "httproutes", "HTTPRoute", true);
        cluster.Serve("consul.hashicorp.com", "v1alpha1", "servicedefaults", "ServiceDefaults", true);
        cluster.Serve("consul.hashicorp.com", "v1alpha1", "serviceintentions", "ServiceIntentions", true);

        cluster.Add(string.Empty, "namespaces",
            Namespace("demo", """{"istio-injection":"enabled"}""", "{}"),
            Namespace("legacy", """{"istio.io/rev":"1-21"}""", "{}"),
            Namespace("payments", "{}", """{"linkerd.io/inject":"enabled"}"""),
            Namespace("shop", "{}", "{}"),
            Namespace("istio-system", "{}", "{}"),
            Namespace("linkerd", """{"linkerd.io/is-control-plane":"true"}""", "{}"));
        cluster.Add(string.Empty, "secrets", """{"metadata":{"name":"never-read","namespace":"demo"},"data":{"password":"c2VjcmV0"}}""");
        cluster.Add(string.Empty, "serviceaccounts",
            """{"metadata":{"name":"web","namespace":"demo","uid":"sa-1","resourceVersion":"11"}}""",
            """{"metadata":{"name":"api","namespace":"payments","uid":"sa-2","resourceVersion":"12"}}""");
        cluster.Add(string.Empty, "services",
            """{"metadata":{"name":"web","namespace":"demo","uid":"svc-1","resourceVersion":"21"},"spec":{"type":"ClusterIP","clusterIP":"10.96.12.7","selector":{"app":"web"},"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]},"status":{"loadBalancer":{}}}""");
        cluster.Add("apps", "deployments",
            """{"metadata":{"name":"istiod","namespace":"istio-system","uid":"d-1","resourceVersion":"31","labels":{"app":"istiod","istio.io/rev":"default"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"istiod"}},"template":{"metadata":{"labels":{"app":"istiod","istio.io/rev":"default","sidecar.istio.io/inject":"false"}},"spec":{"serviceAccountName":"istiod","containers":[{"name":"discovery","image":"docker.io/istio/pilot:1.24.2","ports":[{"containerPort":15017,"protocol":"TCP"}]}]}}},"status":{"replicas":1,"readyReplicas":1}}""",
            """{"metadata":{"name":"web","namespace":"demo","uid":"d-2","resourceVersion":"32","labels":{"app":"web"}},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"serviceAccountName":"web","containers":[{"name":"web","image":"ghcr.io/example/web:2.3.1","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}]}]}}},"status":{"replicas":2,"readyReplicas":2}}""");
        cluster.Add(string.Empty, "pods",
            Pod("istio-system", "istiod-7d4f9c8b6-x2x8q", "istiod", "istiod-7d4f9c8b6", """[{"name":"discovery","image":"docker.io/istio/pilot:1.24.2"}]"""),
            Pod("demo", "web-5c9f7d8b4-abcde", "web", "web-5c9f7d8b4", """[{"name":"web","image":"ghcr.io/example/web:2.3.1"},{"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.24.2"}]"""),
            Pod("demo", "web-5c9f7d8b4-fghij", "web", "web-5c9f7d8b4", """[{"name":"web","image":"ghcr.io/example/web:2.3.1"},{"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.23.0"}]"""),
            Pod("demo", "batch-7f8d9c-klmno", "batch", "batch-7f8d9c", """[{"name":"batch","image":"ghcr.io/example/batch:1.0.0"}]"""));
        cluster.Add("admissionregistration.k8s.io", "mutatingwebhookconfigurations",
            """{"metadata":{"name":"istio-sidecar-injector","uid":"w-1","resourceVersion":"41","labels":{"app":"sidecar-injector","istio.io/rev":"default"}},"webhooks":[{"name":"rev.namespace.sidecar-injector.istio.io","clientConfig":{"service":{"name":"istiod","namespace":"istio-system","path":"/inject","port":443}},"namespaceSelector":{"matchExpressions":[{"key":"istio.io/rev","operator":"In","values":["default"]}]},"admissionReviewVersions":["v1"],"sideEffects":"None","failurePolicy":"Fail"}]}""");
        cluster.Add("security.istio.io", "peerauthentications",
            """{"apiVersion":"security.istio.io/v1","kind":"PeerAuthentication","metadata":{"name":"default","namespace":"demo","uid":"pa-1","resourceVersion":"51","generation":2},"spec":{"mtls":{"mode":"PERMISSIVE"}}}""");
        cluster.Add("security.istio.io", "authorizationpolicies",
            """{"apiVersion":"security.istio.io/v1","kind":"AuthorizationPolicy","metadata":{"name":"web","namespace":"demo","uid":"ap-1","resourceVersion":"52"},"spec":{"selector":{"matchLabels":{"app":"web"}},"action":"ALLOW","rules":[{"from":[{"source":{"principals":["cluster.local/ns/demo/sa/frontend"]}}],"to":[{"operation":{"methods":["GET"]}}]}]}}""");
        cluster.Add("policy.linkerd.io", "httproutes",
            """{"apiVersion":"policy.linkerd.io/v1beta3","kind":"HTTPRoute","metadata":{"name":"api-admin","namespace":"payments","uid":"hr-1","resourceVersion":"61","generation":1},"spec":{"parentRefs":[{"group":"policy.linkerd.io","kind":"Server","name":"api"}],"rules":[{"matches":[{"path":{"type":"PathPrefix","value":"/admin"}}]}]},"status":{"parents":[{"parentRef":{"group":"policy.linkerd.io","kind":"Server","name":"api"},"controllerName":"linkerd.io/policy-controller","conditions":[{"type":"Accepted","status":"False","reason":"NoMatchingParent","message":"","lastTransitionTime":"2026-11-20T10:00:00Z"}]}]}}""");
        cluster.Add("consul.hashicorp.com", "servicedefaults",
            """{"apiVersion":"consul.hashicorp.com/v1alpha1","kind":"ServiceDefaults","metadata":{"name":"frontend","namespace":"shop","uid":"sd-1","resourceVersion":"71"},"spec":{"protocol":"http"},"status":{"conditions":[{"type":"Synced","status":"False","reason":"ConsulAgentError","message":"config entry failed to sync: Unexpected response code: 500 (discovery chain \"frontend\" uses inconsistent protocols)","lastTransitionTime":"2026-11-20T10:00:00Z"}]}}""");
        return cluster;
    }

    /// <summary>Adds <paramref name="count"/> running pods with a sidecar to demo, for size and paging tests.</summary>
    public static void AddPods(FakeCluster cluster, int count)
    {
        var pods = Enumerable.Range(0, count).Select(i => Pod("demo", $"load-{i.ToString("D5", CultureInfo.InvariantCulture)}", "load", "load-6b7c8d9e",
            """[{"name":"load","image":"ghcr.io/example/load:1.0.0"},{"name":"istio-proxy","image":"docker.io/istio/proxyv2:1.24.2"}]""")).ToArray();
        cluster.Add(string.Empty, "pods", pods);
    }

    public static string Namespace(string name, string labels, string annotations) =>
        "{\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"ns-" + name + "\",\"resourceVersion\":\"1\",\"labels\":" + labels + ",\"annotations\":" + annotations
        + "},\"spec\":{\"finalizers\":[\"kubernetes\"]},\"status\":{\"phase\":\"Active\"}}";

    public static string Pod(string ns, string name, string app, string owner, string containers) =>
        Pod(ns, name, app, owner, containers, "{\"name\":\"" + app + "\",\"ready\":true,\"restartCount\":0,\"started\":true,\"state\":{\"running\":{\"startedAt\":\"2026-11-20T09:00:00Z\"}}}");

    public static string Pod(string ns, string name, string app, string owner, string containers, string containerStatuses) =>
        "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"uid\":\"pod-" + name + "\",\"resourceVersion\":\"100\","
        + "\"labels\":{\"app\":\"" + app + "\",\"pod-template-hash\":\"7d4f9c8b6\"},"
        + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"" + owner + "\",\"uid\":\"rs-" + owner + "\",\"controller\":true,\"blockOwnerDeletion\":true}]},"
        + "\"spec\":{\"serviceAccountName\":\"" + app + "\",\"nodeName\":\"node-1\",\"containers\":" + containers + "},"
        + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.244.1.7\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
        + "\"containerStatuses\":[" + containerStatuses + "]}}";
}
