namespace OpenGrade.Sources.Http;

/// <summary>
/// Where a service's token may go: only to that service's own endpoint (scheme, host and port),
/// never to another host a redirect points at, and never in clear text over the network (plain
/// http only to this machine). One rule for the Hub's token and GitHub's.
/// </summary>
public static class TokenScope
{
    public static bool MaySend(Uri request, Uri endpoint, string? token) =>
        !string.IsNullOrEmpty(token)
        && (request.Scheme == Uri.UriSchemeHttps || request.IsLoopback)
        && Uri.Compare(request, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
