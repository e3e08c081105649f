import { ElMessage } from 'element-plus'

import './element-overrides.css'

/** A short confirmation (or warning) at the top of the screen, in colours that read on its background. */
export function toast(message: string, type: 'success' | 'warning' = 'success') {
  ElMessage({ message, type, customClass: 'console-toast' })
}
