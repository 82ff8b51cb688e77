namespace LeakScope.Tests;

/// <summary>An auto-tracked request's name: its URL made absolute, cut before anything that may carry a secret.</summary>
public sealed class RequestNameTests
{
    [Theory]
    [InlineData(null, "https://user:pass@api.example.com:8443/orders/7?token=secret#frag", "https://api.example.com:8443/orders/7")]
    [InlineData("http://127.0.0.1:5000/api/", "orders?key=secret", "http://127.0.0.1:5000/api/orders")]
    [InlineData(null, "orders/7?key=secret", "orders/7")]
    [InlineData("http://127.0.0.1:5000/", null, "http://127.0.0.1:5000/")]
    [InlineData(null, null, null)]
    public void Name_IsTheUrl_WithoutUserInfoQueryOrFragment(string? baseAddress, string? requestUri, string? expected)
    {
        using var client = new HttpClient();
        if (baseAddress is not null)
        {
            client.BaseAddress = new Uri(baseAddress);
        }

        Assert.Equal(expected, AutoTrack.RequestName(client, requestUri));
        using var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
        Assert.Equal(expected, AutoTrack.RequestName(client, request));
    }
}
