using System.Buffers;
using System.Security.Cryptography;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Files;

/// <summary>
/// Reads an image once, computing MD5 and SHA-256 as the bytes stream in, then decodes it and
/// computes PDQ. Buffers are pooled. Not thread-safe (it owns a <see cref="PdqHasher"/>): use one per worker.
/// </summary>
public sealed class ImageFileHasher
{
    private const int ChunkSize = 64 * 1024;

    private readonly ImageDecoder _decoder;
    private readonly PdqHasher _pdq = new();
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public ImageFileHasher(ImageLimits? limits = null)
    {
        _decoder = new ImageDecoder(limits);
    }

    /// <summary>The limits in force.</summary>
    public ImageLimits Limits => _decoder.Limits;

    /// <summary>Hashes the file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageDecodeException">Not a hashable image within the limits.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public ImageHashes HashFile(string path, bool dihedral = false)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Hash(stream, dihedral);
    }

    /// <summary>Hashes an image read from <paramref name="stream"/> to its end.</summary>
    /// <exception cref="ImageDecodeException">Not a hashable image within the limits.</exception>
    public ImageHashes Hash(Stream stream, bool dihedral = false)
    {
        var (buffer, length, digests) = ReadAll(stream);
        try
        {
            return Hash(buffer.AsSpan(0, length), digests, dihedral);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hashes an image already in memory.</summary>
    /// <exception cref="ImageDecodeException">Not a hashable image within the limits.</exception>
    public ImageHashes Hash(ReadOnlySpan<byte> data, bool dihedral = false)
    {
        CheckSize(data.Length);
        _md5.AppendData(data);
        _sha256.AppendData(data);
        return Hash(data, FinishDigests(), dihedral);
    }

    private ImageHashes Hash(ReadOnlySpan<byte> data, FileDigests digests, bool dihedral)
    {
        using var image = _decoder.Decode(data);
        if (image.Width < PdqConstants.MinHashableDimension || image.Height < PdqConstants.MinHashableDimension)
        {
            throw new ImageDecodeException(
                ImageErrorKind.TooSmall,
                $"The image is {image.Width}×{image.Height}; PDQ needs at least {PdqConstants.MinHashableDimension}×{PdqConstants.MinHashableDimension} pixels.");
        }

        PdqDihedralHashes? variants = null;
        PdqResult pdq;
        if (dihedral)
        {
            pdq = _pdq.Hash(image.Pixels, image.Width, image.Height, PixelLayout.Rgba32, out var all);
            variants = all;
        }
        else
        {
            pdq = _pdq.Hash(image.Pixels, image.Width, image.Height);
        }

        return new ImageHashes(pdq, digests, image.Format, image.Width, image.Height, data.Length, variants);
    }

    private (byte[] Buffer, int Length, FileDigests Digests) ReadAll(Stream stream)
    {
        long expected = ChunkSize;
        if (stream.CanSeek)
        {
            expected = stream.Length - stream.Position;
            CheckSize(expected);
        }

        // One byte past the limit is enough to know a stream is over it.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected, 1, Limits.MaxFileBytes + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Limits.MaxFileBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = stream.Read(buffer, length, Math.Min(ChunkSize, buffer.Length - length));
                if (read == 0)
                {
                    break;
                }

                _md5.AppendData(buffer, length, read);
                _sha256.AppendData(buffer, length, read);
                length += read;
                CheckSize(length);
            }

            return (buffer, length, FinishDigests());
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _md5.GetHashAndReset();
            _sha256.GetHashAndReset();
            throw;
        }
    }

    private FileDigests FinishDigests()
    {
        Span<byte> md5 = stackalloc byte[Md5Hash.Size];
        Span<byte> sha = stackalloc byte[Sha256Hash.Size];
        _md5.GetHashAndReset(md5);
        _sha256.GetHashAndReset(sha);
        return new FileDigests(Md5Hash.FromBytes(md5), Sha256Hash.FromBytes(sha));
    }

    private void CheckSize(long bytes)
    {
        if (bytes > Limits.MaxFileBytes)
        {
            throw new ImageDecodeException(
                ImageErrorKind.FileTooLarge,
                $"The file is {bytes:N0} bytes or more, over the limit of {Limits.MaxFileBytes:N0}; not read.");
        }
    }
}
