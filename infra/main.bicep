// Cadence on Azure: one resource group with the Function App (Flex Consumption, Node 22), its storage, monitoring,
// Key Vault and the Teams bot registration. Deploy with
//   az deployment group create -g <group> -f infra/main.bicep -p @infra/main.parameters.json
// DEPLOY.md walks through the steps around it (app registration, Graph permissions, secrets, code, Teams app).
//
// Everything the app reads from storage, Key Vault and Application Insights it reads as ONE user-assigned identity:
// no storage keys (shared-key access is off), no instrumentation key, and secrets only as Key Vault references.
// test/infra/mainBicep.test.ts checks this file against shared/config.ts without a Bicep compiler.

targetScope = 'resourceGroup'

@description('Region of every resource but the bot registration (global). Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Short prefix for resource names (letters and digits, lower case).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'cadence'

@description('Entra tenant whose directory and calendars Cadence reads (GRAPH_TENANT_ID).')
param tenantId string = tenant().tenantId

@description('Client id of Cadence\'s Entra app registration: the bot\'s Microsoft App ID, and the Graph client unless graphIdentity is managedIdentity.')
@minLength(36)
@maxLength(36)
param appRegistrationClientId string

@description('How Cadence gets Graph tokens: appRegistration (client secret from Key Vault, the same app as the bot) or managedIdentity (the user-assigned identity; Graph permissions granted to it).')
@allowed([
  'appRegistration'
  'managedIdentity'
])
param graphIdentity string = 'appRegistration'

@description('Object id of whoever writes the secrets after deployment; gets Key Vault Secrets Officer on the vault. Empty: none.')
param secretsOfficerPrincipalId string = ''

@description('NCRONTAB (6 fields, UTC) of the nightly scan.')
param scanSchedule string = '0 0 2 * * *'

@description('NCRONTAB of the agenda and proposal card timers.')
param agendaSchedule string = '0 */15 * * * *'

@description('NCRONTAB of each manager\'s weekly team card.')
param managerDigestSchedule string = '0 0 8 * * 1'

@description('Post the weekly admin digest to a Teams Workflows webhook (its URL is the Key Vault secret digest-webhook-url).')
param enableWeeklyDigest bool = false

@description('NCRONTAB of the weekly admin digest (with enableWeeklyDigest).')
param digestSchedule string = '0 0 8 * * 1'

@description('Keep Graph change-notification subscriptions so scans read only what changed (needs Calendars.Read and the Key Vault secret notification-client-state).')
param enableIncrementalScans bool = true

@description('propose: managers accept each proposed series; auto: series are booked at once.')
@allowed([
  'propose'
  'auto'
])
param schedulingMode string = 'propose'

@description('UPNs or object ids whose pairs Cadence leaves alone (comma separated).')
param excludedUsers string = ''

@description('App role a signed-in user needs for the report when App Service authentication is on.')
param reportAdminRole string = 'Cadence.Admin'

@description('Catalog id of the uploaded Cadence Teams app (Teams admin center); empty until it is uploaded, and then nobody gets the app installed by Cadence.')
param teamsAppId string = ''

@description('Upper bound of Flex Consumption instances (Graph throttles per app, so more rarely helps).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Days of log retention in the Log Analytics workspace.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

var token = toLower(uniqueString(resourceGroup().id, namePrefix))
var storageAccountName = take(toLower('${namePrefix}${token}'), 24)
var functionAppName = '${namePrefix}-${token}'
var keyVaultName = take('${namePrefix}-kv-${token}', 24)
var deploymentContainerName = 'app-package'
var appHost = '${functionAppName}.azurewebsites.net'

// The queues the functions trigger on and write to (functions/scanQueue.ts, planQueue.ts,
// subscriptionUpkeepQueue.ts). The host adds each one's "-poison" queue when a message first fails for good.
var queueNames = [
  'scan-prepare'
  'scan-shards'
  'series-plans'
  'subscription-upkeep'
]

// Built-in role definitions (ids are the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${token}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Identity only: the host and Cadence's own clients use AzureWebJobsStorage__* with the identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in queueNames: {
    parent: queueService
    name: name
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-log-${token}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-ai-${token}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // Telemetry only with an Entra token (the identity's, see APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
    DisableLocalAuth: true
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan-${token}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

// The secrets are written after deployment (DEPLOY.md), never passed through the template: a version-less
// SecretUri follows rotations.
var secretUri = '${vault.properties.vaultUri}secrets'

// App settings: names and rules are shared/config.ts's (README "Settings"). Settings left out keep their
// defaults; DEPLOY.md lists them ("Settings this template leaves unset").
var commonSettings = [
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storage.name
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.properties.clientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  }
  {
    name: 'GRAPH_TENANT_ID'
    value: tenantId
  }
  {
    name: 'CADENCE_SCAN_SCHEDULE'
    value: scanSchedule
  }
  {
    name: 'CADENCE_AGENDA_SCHEDULE'
    value: agendaSchedule
  }
  {
    name: 'CADENCE_MANAGER_DIGEST_SCHEDULE'
    value: managerDigestSchedule
  }
  {
    name: 'CADENCE_SCHEDULING_MODE'
    value: schedulingMode
  }
  {
    name: 'CADENCE_EXCLUDED_USERS'
    value: excludedUsers
  }
  {
    name: 'CADENCE_REPORT_ADMIN_ROLE'
    value: reportAdminRole
  }
  {
    name: 'CADENCE_REPORT_URL'
    value: 'https://${appHost}/api/report'
  }
]

// One app registration is Graph client and bot: the Teams app it installs for people is itself
// (TeamsAppInstallation.ReadWriteSelfForUser.All), and the bot's tokens fall back to the Graph credentials.
var graphAppRegistrationSettings = [
  {
    name: 'GRAPH_AUTH'
    value: 'secret'
  }
  {
    name: 'GRAPH_CLIENT_ID'
    value: appRegistrationClientId
  }
  {
    name: 'GRAPH_CLIENT_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${secretUri}/app-registration-secret/)'
  }
]

// Graph through the identity (no Graph secret); the bot keeps the app registration and its secret.
var graphManagedIdentitySettings = [
  {
    name: 'GRAPH_AUTH'
    value: 'managedIdentity'
  }
  {
    name: 'GRAPH_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'CADENCE_BOT_APP_ID'
    value: appRegistrationClientId
  }
  {
    name: 'CADENCE_BOT_APP_SECRET'
    value: '@Microsoft.KeyVault(SecretUri=${secretUri}/app-registration-secret/)'
  }
]

var incrementalScanSettings = [
  {
    name: 'CADENCE_NOTIFICATION_URL'
    value: 'https://${appHost}/api/graph/notifications'
  }
  {
    name: 'CADENCE_NOTIFICATION_CLIENT_STATE'
    value: '@Microsoft.KeyVault(SecretUri=${secretUri}/notification-client-state/)'
  }
]

var weeklyDigestSettings = [
  {
    name: 'CADENCE_DIGEST_SCHEDULE'
    value: digestSchedule
  }
  {
    name: 'CADENCE_DIGEST_WEBHOOK_URL'
    value: '@Microsoft.KeyVault(SecretUri=${secretUri}/digest-webhook-url/)'
  }
]

var teamsAppSettings = [
  {
    name: 'CADENCE_TEAMS_APP_ID'
    value: teamsAppId
  }
]

var appSettings = concat(
  commonSettings,
  graphIdentity == 'managedIdentity' ? graphManagedIdentitySettings : graphAppRegistrationSettings,
  enableIncrementalScans ? incrementalScanSettings : [],
  enableWeeklyDigest ? weeklyDigestSettings : [],
  empty(teamsAppId) ? [] : teamsAppSettings
)

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as the user-assigned identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      // Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and
      // FUNCTIONS_EXTENSION_VERSION must not be app settings here.
      appSettings: appSettings
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
  dependsOn: [
    deploymentContainer
    queues
    blobOwner
    queueContributor
    tableContributor
    vaultSecretsUser
    metricsPublisher
  ]
}

// Deployment package, the host's timer leases and locks (blobs), the queue triggers and outputs, Cadence's tables.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageQueueDataContributor
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.storageTableDataContributor
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Reads the secrets behind the Key Vault references; it cannot list or change them.
resource vaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Application Insights with local auth off accepts telemetry only from a principal holding this role.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.monitoringMetricsPublisher
    )
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource secretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(secretsOfficerPrincipalId)) {
  name: guid(vault.id, secretsOfficerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
    principalId: secretsOfficerPrincipalId
  }
}

// The bot registration: Teams posts activities to /api/messages, signed for the app registration (SingleTenant).
// Not UserAssignedMSI: Cadence gets its Bot Connector tokens by client credentials for an app registration
// (shared/composition/teamsDeliveryFromSettings.ts), not from a managed identity.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${namePrefix}-bot-${token}'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: 'Cadence'
    endpoint: 'https://${functionApp.properties.defaultHostName}/api/messages'
    msaAppId: appRegistrationClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output keyVaultName string = vault.name
output storageAccountName string = storage.name
output identityClientId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output botName string = bot.name
output notificationUrl string = enableIncrementalScans ? 'https://${appHost}/api/graph/notifications' : ''
