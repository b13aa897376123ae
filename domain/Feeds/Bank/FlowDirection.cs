namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>Which way money moved, seen from the customer's account with the bank.</summary>
public enum FlowDirection
{
    /// <summary>Into the customer's account with the bank.</summary>
    In,

    /// <summary>Out of the customer's account with the bank.</summary>
    Out,
}
