namespace Aegis.CyberTip.Reports;

/// <summary>The schema's <c>incidentType</c> values (each written as NCMEC spells it).</summary>
public enum CyberTipIncidentType
{
    /// <summary>"Child Pornography (possession, manufacture, and distribution)": confirmed CSAM.</summary>
    ChildSexualAbuseMaterial,

    /// <summary>"Online Enticement of Children for Sexual Acts": enticement and sextortion in messages.</summary>
    OnlineEnticement,

    /// <summary>"Unsolicited Obscene Material Sent to a Child".</summary>
    UnsolicitedObsceneMaterialSentToChild,

    /// <summary>"Child Sex Trafficking".</summary>
    ChildSexTrafficking,

    /// <summary>"Child Sex Tourism".</summary>
    ChildSexTourism,

    /// <summary>"Child Sexual Molestation".</summary>
    ChildSexualMolestation,

    /// <summary>"Misleading Domain Name".</summary>
    MisleadingDomainName,

    /// <summary>"Misleading Words or Digital Images on the Internet".</summary>
    MisleadingWordsOrDigitalImages,
}
