namespace Aegis.Server.Web;

/// <summary>Why a console upload was refused, said next to the form field <see cref="Field"/> with HTTP status <see cref="Status"/>.</summary>
public sealed class ListUploadException(string field, string message, int status) : Exception(message)
{
    public string Field { get; } = field;

    public int Status { get; } = status;
}
