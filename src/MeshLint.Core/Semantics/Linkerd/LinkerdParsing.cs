using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.RegularExpressions;

namespace MeshLint.Core.Semantics.Linkerd;

/// <summary>An IP network as Linkerd reads it: a CIDR, or a bare address (a /32 or /128).</summary>
public readonly record struct IpNetwork(BigInteger Network, int PrefixLength, bool IsIPv6)
{
    public int AddressBits => IsIPv6 ? 128 : 32;

    public BigInteger Last => Network | (((BigInteger.One << (AddressBits - PrefixLength)) - 1));

    /// <summary>True when every address of <paramref name="other"/> is in this network (same family).</summary>
    public bool Contains(IpNetwork other) =>
        IsIPv6 == other.IsIPv6 && PrefixLength <= other.PrefixLength && other.Network >= Network && other.Last <= Last;

    public override string ToString()
    {
        var bytes = Network.ToByteArray(isUnsigned: true, isBigEndian: true);
        var full = new byte[IsIPv6 ? 16 : 4];
        Array.Copy(bytes, 0, full, full.Length - bytes.Length, bytes.Length);
        return $"{new IPAddress(full)}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
    }
}

/// <summary>
/// Linkerd's value parsers, reproduced from its sources so that MeshLint accepts exactly what Linkerd accepts:
/// the policy controller's port sets and durations (Rust), the injector's port ranges and Go durations, mesh
/// identities (policy-controller <c>validation.rs</c>) and CIDRs (<c>ipnet</c>).
/// </summary>
public static partial class LinkerdParsing
{
    [GeneratedRegex(@"^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsLikeIdentity();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex Digits();

    /// <summary>
    /// The policy controller's <c>parse_portset</c>: comma-separated ports 1-65535 or increasing <c>lo-hi</c>
    /// ranges; no names. Null with a reason when the list does not parse (the controller then ignores it whole).
    /// </summary>
    public static ImmutableArray<(int From, int To)>? PolicyControllerPortSet(string value, out string? error)
    {
        error = null;
        var ranges = ImmutableArray.CreateBuilder<(int, int)>();
        foreach (var raw in value.Split(','))
        {
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (raw.Trim().Length == 0)
                {
                    continue;
                }

                if (!TryNonZeroPort(raw.Trim(), out var port))
                {
                    error = $"'{raw}' is not a port number from 1 to 65535";
                    return null;
                }

                ranges.Add((port, port));
                continue;
            }

            var low = raw[..dash].Trim();
            var high = raw[(dash + 1)..].Trim();
            if (!TryNonZeroPort(low, out var from) || !TryNonZeroPort(high, out var to))
            {
                error = $"'{raw}' is not a range of port numbers from 1 to 65535";
                return null;
            }

            if (from > to)
            {
                error = $"the range '{raw}' is decreasing";
                return null;
            }

            ranges.Add((from, to));
        }

        return ranges.ToImmutable();
    }

    /// <summary>
    /// The injector's port list (Go <c>ParsePortRange</c> per comma item, spaces trimmed, a trailing comma allowed;
    /// names allowed only when <paramref name="portNames"/> knows them). Returns the items that do not parse.
    /// </summary>
    public static ImmutableArray<string> InjectorPortListErrors(string value, IReadOnlySet<string>? portNames)
    {
        var errors = ImmutableArray.CreateBuilder<string>();
        var trimmed = value.EndsWith(',') ? value[..^1] : value;
        foreach (var raw in trimmed.Split(','))
        {
            var item = raw.Trim();
            if (portNames is not null && portNames.Contains(item))
            {
                continue;
            }

            var bounds = item.Split('-');
            if (bounds.Length > 2 || !TryPort(bounds[0], out var low) || !TryPort(bounds[^1], out var high) || high < low)
            {
                errors.Add(item);
            }
        }

        return errors.ToImmutable();
    }

    /// <summary>Every port of a list the injector accepts (numbers and ranges; names resolved by <paramref name="portNumbers"/>).</summary>
    public static ImmutableHashSet<int> PortsOf(string value, IReadOnlyDictionary<string, int>? portNumbers = null)
    {
        var ports = ImmutableHashSet.CreateBuilder<int>();
        foreach (var raw in value.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            if (portNumbers is not null && portNumbers.TryGetValue(item, out var named))
            {
                ports.Add(named);
                continue;
            }

            var bounds = item.Split('-');
            if (bounds.Length <= 2 && TryPort(bounds[0], out var low) && TryPort(bounds[^1], out var high) && high >= low && high - low <= 65535)
            {
                for (var p = low; p <= high; p++)
                {
                    ports.Add(p);
                }
            }
        }

        return ports.ToImmutable();
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;

    private static bool TryNonZeroPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>
    /// The policy controller's <c>parse_duration</c> (retry and timeout annotations): a whole number and a unit
    /// among ms, s, m, h, d; a bare <c>0</c>; no fractions, no sign, no compound values like <c>1m30s</c>.
    /// </summary>
    public static TimeSpan? LinkerdDuration(string value, out string? error)
    {
        error = null;
        var s = value.Trim();
        if (s.StartsWith('-'))
        {
            error = "durations cannot be negative";
            return null;
        }

        var last = -1;
        for (var i = s.Length - 1; i >= 0; i--)
        {
            if (char.IsAsciiDigit(s[i]))
            {
                last = i;
                break;
            }
        }

        if (last < 0)
        {
            error = "there is no number";
            return null;
        }

        var magnitude = s[..(last + 1)];
        var unit = s[(last + 1)..];
        if (magnitude.Contains('.', StringComparison.Ordinal))
        {
            error = "fractional values are not supported";
            return null;
        }

        if (!ulong.TryParse(magnitude, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || magnitude.StartsWith('-'))
        {
            error = $"'{magnitude}' is not a whole number";
            return null;
        }

        ulong millis = unit switch
        {
            "" when number == 0 => 0,
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "" => ulong.MaxValue,
            _ => 0,
        };
        if (unit.Length == 0 && number != 0)
        {
            error = $"the unit is missing (write {number}s or {number}ms)";
            return null;
        }

        if (unit is not ("" or "ms" or "s" or "m" or "h" or "d"))
        {
            error = $"'{unit}' is not a unit Linkerd knows (ms, s, m, h or d)";
            return null;
        }

        if (number != 0 && millis != 0 && number > ulong.MaxValue / millis)
        {
            error = "the value overflows";
            return null;
        }

        var total = number * millis;
        return total > (ulong)TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(total);
    }

    /// <summary>Go's <c>time.ParseDuration</c> (ServiceProfile timeouts and TTLs, injector annotations).</summary>
    public static TimeSpan? GoDuration(string value)
    {
        var s = value;
        if (s.Length == 0)
        {
            return null;
        }

        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s == "0")
        {
            return TimeSpan.Zero;
        }

        if (s.Length == 0)
        {
            return null;
        }

        double totalNanos = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var number = s[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                return null;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double scale = s[unitStart..i] switch
            {
                "ns" => 1,
                "us" or "µs" or "μs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => -1,
            };
            if (scale < 0)
            {
                return null;
            }

            totalNanos += double.Parse(number, CultureInfo.InvariantCulture) * scale;
        }

        var span = TimeSpan.FromTicks((long)Math.Min(totalNanos / 100, TimeSpan.MaxValue.Ticks));
        return negative ? -span : span;
    }

    /// <summary>A Gateway API duration (GEP-2257): one to four number+unit pairs, units h, m, s, ms.</summary>
    public static TimeSpan? GatewayDuration(string value)
    {
        var match = GatewayDurationPattern().Match(value);
        if (!match.Success)
        {
            return null;
        }

        double millis = 0;
        foreach (Capture capture in match.Groups["part"].Captures)
        {
            var part = capture.Value;
            var unitStart = part.TakeWhile(char.IsAsciiDigit).Count();
            var number = double.Parse(part[..unitStart], CultureInfo.InvariantCulture);
            millis += part[unitStart..] switch
            {
                "h" => number * 3_600_000,
                "m" => number * 60_000,
                "s" => number * 1000,
                _ => number,
            };
        }

        return TimeSpan.FromMilliseconds(millis);
    }

    [GeneratedRegex(@"^(?<part>[0-9]{1,5}(h|ms|m|s)){1,4}$")]
    private static partial Regex GatewayDurationPattern();

    /// <summary>
    /// The policy webhook's identity check: a DNS-like name (a leading <c>*</c> label allowed) or a SPIFFE ID.
    /// Null when valid, else why not.
    /// </summary>
    public static string? IdentityError(string id)
    {
        const string scheme = "spiffe://";
        if (id.StartsWith(scheme, StringComparison.Ordinal))
        {
            var rest = id[scheme.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var trustDomain = slash < 0 ? rest : rest[..slash];
            if (trustDomain.Length == 0)
            {
                return "the SPIFFE trust domain is missing";
            }

            if (trustDomain.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' or '_')))
            {
                return "SPIFFE trust domains may only hold lowercase letters, digits, dots, dashes and underscores";
            }

            if (slash < 0)
            {
                return null;
            }

            var path = rest[slash..];
            if (path.EndsWith('/'))
            {
                return "a SPIFFE path cannot have a trailing slash";
            }

            foreach (var segment in path[1..].Split('/'))
            {
                if (segment.Length == 0)
                {
                    return "a SPIFFE path cannot have empty segments";
                }

                if (segment is "." or "..")
                {
                    return "a SPIFFE path cannot have dot segments";
                }

                if (segment.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
                {
                    return "SPIFFE path segments may only hold letters, digits, dots, dashes and underscores";
                }
            }

            return null;
        }

        return DnsLikeIdentity().IsMatch(id) ? null : "it is neither a SPIFFE ID nor a DNS-like name (lowercase labels separated by dots, optionally starting with '*')";
    }

    public static bool IsDns1123Subdomain(string name) => name.Length <= 253 && Dns1123Subdomain().IsMatch(name);

    /// <summary>A CIDR (<c>10.0.0.0/8</c>, <c>::/0</c>) or a bare IP address, parsed as strictly as Rust's <c>ipnet</c>.</summary>
    public static IpNetwork? Cidr(string value)
    {
        var text = value.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? text : text[..slash];
        int? prefix = null;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (!Digits().IsMatch(prefixText) || prefixText.Length > 3)
            {
                return null;
            }

            prefix = int.Parse(prefixText, CultureInfo.InvariantCulture);
        }

        if (!TryParseAddress(address, out var bytes, out var v6))
        {
            return null;
        }

        var bits = v6 ? 128 : 32;
        var length = prefix ?? bits;
        if (length > bits)
        {
            return null;
        }

        var raw = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var hostMask = (BigInteger.One << (bits - length)) - 1;
        return new IpNetwork(raw & ~hostMask & ((BigInteger.One << bits) - 1), length, v6);
    }

    private static bool TryParseAddress(string text, out byte[] bytes, out bool v6)
    {
        bytes = [];
        v6 = text.Contains(':', StringComparison.Ordinal);
        if (v6)
        {
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            bytes = address.GetAddressBytes();
            return true;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var result = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || !Digits().IsMatch(part) || (part.Length > 1 && part[0] == '0'))
            {
                return false;
            }

            var octet = int.Parse(part, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            result[i] = (byte)octet;
        }

        bytes = result;
        return true;
    }

    /// <summary>RFC 1918, CGNAT, loopback, link-local and IPv6 ULA/link-local ranges: not internet-routable.</summary>
    public static bool IsPrivate(IpNetwork network)
    {
        string[] ranges = network.IsIPv6
            ? ["fc00::/7", "fe80::/10", "::1/128"]
            : ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"];
        return ranges.Any(r => Cidr(r) is { } range && range.Contains(network));
    }
}
