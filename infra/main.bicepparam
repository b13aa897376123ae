using './main.bicep'

// azd fills these from the environment (azd env set ...); edit for a plain `az deployment sub create`.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'lifewindow-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'eastasia')
param crmBaseUrl = readEnvironmentVariable('LIFEWINDOW_CRM_BASE_URL', 'https://crm.example.bank/api/')
