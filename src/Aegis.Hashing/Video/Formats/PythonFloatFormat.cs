using System.Globalization;
using System.Text;

namespace Aegis.Hashing.Video.Formats;

/// <summary>
/// Python's <c>format(x, ".3")</c>, the timestamp format of python-threatexchange's vPDQ signal: three
/// <em>significant</em> digits, not three decimals.
/// </summary>
/// <remarks>
/// With a precision and no presentation type, CPython (<c>Python/pystrtod.c</c>, <c>format_float_short</c>) formats
/// like <c>'g'</c> with "at least one digit after the decimal point": the value is rounded correctly to 3 significant
/// digits (an exact tie goes to the even digit), trailing zeros are dropped, and scientific notation is used when
/// the decimal point would fall more than 2 places right of the first digit or 4 or more places left of it. So
/// <c>0.0</c>, <c>0.033</c>, <c>1.0</c>, <c>18.8</c> (for 18.767), <c>1e+02</c> (for 99.99 or 100.0),
/// <c>1.23e+02</c> and <c>1e-05</c>. .NET's <c>E2</c> rounds to 3 significant digits the same way, so only the layout is
/// done here.
/// </remarks>
internal static class PythonFloatFormat
{
    private const int Precision = 3;

    public static string FormatPrecision3(double value)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        }

        var negative = double.IsNegative(value);
        if (value == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        // "d.ddE+xxx": the three significant digits, correctly rounded, and the decimal exponent.
        var scientific = Math.Abs(value).ToString("E" + (Precision - 1), CultureInfo.InvariantCulture);
        var digits = (scientific[..1] + scientific[2..(Precision + 1)]).TrimEnd('0');
        var exponent = int.Parse(scientific.AsSpan(Precision + 2), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var pointPosition = exponent + 1;

        var text = new StringBuilder(16);
        if (negative)
        {
            text.Append('-');
        }

        if (pointPosition <= -4 || pointPosition > Precision - 1)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits.AsSpan(1));
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+')
                .Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            text.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else
        {
            var whole = digits.PadRight(pointPosition, '0');
            text.Append(whole.AsSpan(0, pointPosition)).Append('.');
            text.Append(whole.Length > pointPosition ? whole.AsSpan(pointPosition) : "0");
        }

        return text.ToString();
    }
}
