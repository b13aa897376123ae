namespace LifeWindow.Integration.DeadLetters;

/// <summary>Encrypts quarantined payloads with AES-256-GCM under a rotatable key id.</summary>
public sealed class PayloadProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly string currentKeyId;
    private readonly Dictionary<string, byte[]> keys;

    public PayloadProtector(IOptions<DeadLetterOptions> options)
    {
        var value = options.Value;
        keys = value.Keys.ToDictionary(k => k.Key, k => Decode(k.Key, k.Value), StringComparer.Ordinal);
        currentKeyId = keys.ContainsKey(value.KeyId)
            ? value.KeyId
            : throw new OptionsValidationException(DeadLetterOptions.Section, typeof(DeadLetterOptions), [$"{DeadLetterOptions.Section}:Keys has no key '{value.KeyId}' (DeadLetters:KeyId)."]);
    }

    public string Protect(string payload)
    {
        var plain = Encoding.UTF8.GetBytes(payload);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(keys[currentKeyId], TagSize))
        {
            aes.Encrypt(nonce, plain, cipher, tag, Encoding.ASCII.GetBytes(currentKeyId));
        }

        return $"{currentKeyId}.{Convert.ToBase64String([.. nonce, .. tag, .. cipher])}";
    }

    public string Unprotect(string protectedPayload)
    {
        var dot = protectedPayload.IndexOf('.', StringComparison.Ordinal);
        var keyId = dot > 0 ? protectedPayload[..dot] : throw new CryptographicException("The payload names no key.");
        var key = keys.GetValueOrDefault(keyId) ?? throw new CryptographicException($"Dead-letter key '{keyId}' is not configured.");
        var bytes = Convert.FromBase64String(protectedPayload[(dot + 1)..]);
        var plain = new byte[bytes.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize + TagSize), bytes.AsSpan(NonceSize, TagSize), plain, Encoding.ASCII.GetBytes(keyId));
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] Decode(string id, string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length == 32 ? bytes : throw new FormatException("not 32 bytes");
        }
        catch (FormatException ex)
        {
            throw new OptionsValidationException(DeadLetterOptions.Section, typeof(DeadLetterOptions), [$"{DeadLetterOptions.Section}:Keys:{id} must be base64 of 32 bytes: {ex.Message}"]);
        }
    }
}
