namespace Aegis.Core.Signals;

/// <summary>
/// The hook for a platform's own trained classifier (for example an ONNX model run with ONNX Runtime, which Aegis does
/// not ship): it reads a message and answers in the banks' terms, categories with weights and the token span that
/// carried them, so its hits are scored by <see cref="SequenceScorer"/> and explained in a case exactly like a bank's
/// (rule <c>model:name/label</c>). Aegis ships no model and claims no accuracy for one; a platform that plugs one in
/// measures it on its own data. Called on the hot path: keep it fast and thread-safe.
/// </summary>
public interface IMessageClassifier
{
    /// <summary>The model's name as explanations show it.</summary>
    string Name { get; }

    /// <summary>What the model recognises in one message.</summary>
    IReadOnlyList<ClassifierHit> Classify(ClassifierInput input);
}
