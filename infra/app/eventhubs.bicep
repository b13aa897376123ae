// The production feed stream: one hub, partitioned by customer key, with LifeWindow's own consumer group.
// Local (SAS) authentication is off; the app's identity may send and receive, nothing more.
param name string
param location string
param tags object
param identityPrincipalId string
param workspaceId string

@description('Partitions of the feed-stream hub: the most consumers that fold in parallel (one customer stays on one partition).')
@minValue(1)
@maxValue(32)
param partitionCount int = 8

@description('Throughput units of the namespace (Standard: 1 MB/s or 1,000 events/s in per unit).')
@minValue(1)
@maxValue(40)
param capacity int = 1

@description('Days the hub keeps events (Standard: 1 to 7): how long a stopped consumer may fall behind.')
@minValue(1)
@maxValue(7)
param retentionDays int = 7

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard', capacity: capacity }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    isAutoInflateEnabled: false
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: 'feed-stream'
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: retentionDays
  }
}

resource consumers 'Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01' = {
  parent: hub
  name: 'lifewindow'
}

var roles = [
  '2b629674-e913-4c01-ae53-ef4638d8f975' // Azure Event Hubs Data Sender
  'a638d3c7-ab3a-418d-83e6-5f17a39d4fde' // Azure Event Hubs Data Receiver
]

resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in roles: {
  name: guid(hub.id, identityPrincipalId, role)
  scope: hub
  properties: {
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: namespace
  properties: {
    workspaceId: workspaceId
    logs: [ { categoryGroup: 'allLogs', enabled: true } ]
    metrics: [ { category: 'AllMetrics', enabled: true } ]
  }
}

output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output hubName string = hub.name
output consumerGroup string = consumers.name
