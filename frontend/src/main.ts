import 'element-plus/dist/index.css'
import './styles/main.css'

import { createPinia } from 'pinia'
import { createApp } from 'vue'

import App from './App.vue'
import { createAppI18n } from './i18n'
import router from './router'
import { usePreferencesStore } from './stores/preferences'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const preferences = usePreferencesStore(pinia)
const i18n = createAppI18n(preferences.locale)
app.use(i18n)
app.use(router)
app.mount('#app')
