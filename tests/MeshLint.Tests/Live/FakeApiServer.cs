using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MeshLint.Tests.Live;

/// <summary>A request the fake API server received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization)
{
    public override string ToString() => $"{Method} {Path}{Query}";
}

/// <summary>
/// A minimal HTTP/1.1 server on loopback (plain or TLS) that speaks the parts of the Kubernetes API MeshLint uses:
/// discovery, paginated lists, single gets, Status errors. It records every request. Built on TcpListener because
/// HttpListener cannot serve TLS on Linux and the ASP.NET test host is not available here.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly X509Certificate2? certificate;
    private readonly Task acceptLoop;
    private readonly ConcurrentBag<Task> connections = [];

    public FakeApiServer(FakeCluster cluster, X509Certificate2? certificate = null)
    {
        Cluster = cluster;
        this.certificate = certificate;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public FakeCluster Cluster { get; }

    public int Port { get; }

    public string Url => $"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (certificate is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ApplicationProtocols = [SslApplicationProtocol.Http11],
                }, stop.Token);
                stream = tls;
            }

            await using var __ = stream;
            var reader = new StreamReader(stream, Encoding.ASCII, false, 4096, leaveOpen: true);
            while (!stop.IsCancellationRequested)
            {
                var requestLine = await reader.ReadLineAsync(stop.Token);
                if (string.IsNullOrEmpty(requestLine))
                {
                    return;
                }

                string? authorization = null;
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(stop.Token)))
                {
                    if (line.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))
                    {
                        authorization = line["Authorization:".Length..].Trim();
                    }
                }

                var parts = requestLine.Split(' ');
                var target = parts.Length > 1 ? parts[1] : "/";
                var question = target.IndexOf('?', StringComparison.Ordinal);
                var request = new RecordedRequest(parts[0], question < 0 ? target : target[..question], question < 0 ? string.Empty : target[question..], authorization);
                Requests.Enqueue(request);
                var response = await Cluster.HandleAsync(request, stop.Token);
                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {ReasonPhrase(response.Status)}\r\n")
                    .Append("Content-Type: application/json\r\n")
                    .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
                foreach (var header in response.Headers)
                {
                    head.Append(CultureInfo.InvariantCulture, $"{header.Key}: {header.Value}\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), stop.Token);
                await stream.WriteAsync(body, stop.Token);
                await stream.FlushAsync(stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // The client went away (a timeout, a failed handshake): nothing to answer.
        }
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        _ => "Status",
    };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
            await Task.WhenAll(connections);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }
}

/// <summary>A test CA and a server certificate it signed for 127.0.0.1, made fresh for each test run.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=meshlint-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kube-apiserver", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = serverRequest.Create(Authority, now.AddDays(-1), now.AddDays(10), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // SslStream on Linux wants a certificate whose key it can use from a PFX, not an ephemeral handle.
        Server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public string AuthorityPemBase64 => Convert.ToBase64String(Encoding.ASCII.GetBytes(Authority.ExportCertificatePem()));

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
