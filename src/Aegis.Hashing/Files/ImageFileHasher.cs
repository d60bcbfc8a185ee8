using System.Security.Cryptography;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Memory;
using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Files;

/// <summary>
/// Reads an image once, computing MD5 and SHA-256 as the bytes stream in, then decodes it and
/// computes PDQ. Buffers are pooled when small and given back to the system once idle when large (<see cref="RentedBuffer{T}"/>).
/// Not thread-safe (it owns a <see cref="PdqHasher"/>): use one per worker.
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
        using (buffer)
        {
            return Hash(buffer.Span[..length], digests, dihedral);
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

    /// <summary>
    /// The most memory hashing <paramref name="data"/> will hold at once, from its header alone (nothing the size of the
    /// image is allocated): the larger of decoding (<see cref="ImageHeader.DecodeBytes"/>) and PDQ's two float planes,
    /// which it takes once the pixels are gone. For a <see cref="Memory.DecodeBudget"/> to reserve before hashing.
    /// </summary>
    /// <exception cref="ImageDecodeException">Not an image within the limits (the same error hashing would give).</exception>
    public long MemoryNeeded(ReadOnlySpan<byte> data)
    {
        CheckSize(data.Length);
        var header = _decoder.ReadHeader(data);
        return Math.Max(header.DecodeBytes, PdqHasher.WorkingBytes(header.Width, header.Height));
    }

    private ImageHashes Hash(ReadOnlySpan<byte> data, FileDigests digests, bool dihedral)
    {
        var image = _decoder.Decode(data);
        var (width, height, format) = (image.Width, image.Height, image.Format);
        PdqResult pdq;
        PdqDihedralHashes variants;
        try
        {
            if (width < PdqConstants.MinHashableDimension || height < PdqConstants.MinHashableDimension)
            {
                throw new ImageDecodeException(
                    ImageErrorKind.TooSmall,
                    $"The image is {width}×{height}; PDQ needs at least {PdqConstants.MinHashableDimension}×{PdqConstants.MinHashableDimension} pixels.");
            }

            // The pixels are released as soon as PDQ has their luma: they and PDQ's two float planes are never all held.
            pdq = _pdq.Hash(image.Pixels, width, height, PixelLayout.Rgba32, releaseAfterLuma: image, dihedral, out variants);
        }
        finally
        {
            image.Dispose();
        }

        return new ImageHashes(pdq, digests, format, width, height, data.Length, dihedral ? variants : null);
    }

    private (RentedBuffer<byte> Buffer, int Length, FileDigests Digests) ReadAll(Stream stream)
    {
        long expected = ChunkSize;
        if (stream.CanSeek)
        {
            expected = stream.Length - stream.Position;
            CheckSize(expected);
        }

        // One byte past the limit is enough to know a stream is over it.
        var buffer = new RentedBuffer<byte>((int)Math.Clamp(expected, 1, Limits.MaxFileBytes + 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = new RentedBuffer<byte>((int)Math.Min((long)buffer.Length * 2, Limits.MaxFileBytes + 1));
                    buffer.Span[..length].CopyTo(larger.Span);
                    buffer.Dispose();
                    buffer = larger;
                }

                var read = stream.Read(buffer.Span[length..Math.Min(buffer.Length, length + ChunkSize)]);
                if (read == 0)
                {
                    break;
                }

                _md5.AppendData(buffer.Span.Slice(length, read));
                _sha256.AppendData(buffer.Span.Slice(length, read));
                length += read;
                CheckSize(length);
            }

            return (buffer, length, FinishDigests());
        }
        catch
        {
            buffer.Dispose();
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
